package dev.retort.text.index;

import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;
import dev.retort.core.io.Json;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The index directory: config.json and whole-directory replacement, so a crash never leaves half an index. */
final class IndexFiles {
    static final String CONFIG = "config.json";
    static final String FORMAT = "retort-vector-index";
    static final int VERSION = 1;

    /** config.json: what a loader needs before reading the data files. */
    record Config(String format, int version, String kind, int dimension, int size,
                  Map<String, Object> parameters, Map<String, Object> properties) {
    }

    @FunctionalInterface
    interface Contents {
        void writeInto(Path dir) throws IOException;
    }

    private IndexFiles() {
    }

    /** Writes {@code contents} and config.json into a sibling temp directory, then swaps it in for {@code dir}. */
    static void writeDirectory(Path dir, Config config, Contents contents) {
        Path target = dir.toAbsolutePath().normalize();
        Path tmp = null;
        Path old = null;
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(target) && !Files.isDirectory(target)) {
                throw new BadInputException(dir + " exists and is not a directory; choose another --out");
            }
            if (Files.isDirectory(target) && !isEmpty(target) && !Files.exists(target.resolve(CONFIG))) {
                throw new BadInputException(dir + " is a non-empty directory that holds no index; refusing to replace it");
            }
            tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".tmp");
            contents.writeInto(tmp);
            Json.write(tmp.resolve(CONFIG), config);
            if (Files.exists(target)) {
                old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old");
                Files.delete(old);
                move(target, old);
            }
            move(tmp, target);
            tmp = null;
            if (old != null) deleteTree(old);
        } catch (IOException e) {
            throw new RetortException("cannot write index " + dir + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) deleteTree(tmp);
        }
    }

    static Config readConfig(Path dir) {
        Path file = dir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(dir + " is not an index directory (no " + CONFIG + "); build one with 'retort index build'");
        }
        Config c = Json.read(file, Config.class);
        if (!FORMAT.equals(c.format())) throw new BadInputException(file + ": not a retort vector index (format " + c.format() + ")");
        if (c.version() != VERSION) throw new BadInputException(file + ": index format version " + c.version() + " is not supported (expected " + VERSION + ")");
        if (c.dimension() < 1 || c.size() < 0) throw new BadInputException(file + ": invalid dimension " + c.dimension() + " or size " + c.size());
        return c;
    }

    static Config config(VectorIndex.Kind kind, int dimension, int size, Map<String, Object> parameters, Map<String, Object> properties) {
        return new Config(FORMAT, VERSION, kind.cliName(), dimension, size, parameters, new LinkedHashMap<>(properties));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover hidden temp directory is harmless
        }
    }
}
