package dev.retort.kd.mine;

import dev.retort.core.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The {@code .java} files of a source jar or a folder: relative path → content, in path order. */
public record JavaSources(Path origin, Map<String, String> files) {

    /** The {@code .java} files of a jar or under a folder; a missing or unreadable one is a BadInputException. */
    public static JavaSources read(Path jarOrFolder) {
        if (Files.isDirectory(jarOrFolder)) return fromFolder(jarOrFolder);
        if (Files.isRegularFile(jarOrFolder)) return fromJar(jarOrFolder);
        throw new BadInputException(jarOrFolder + ": no such folder or jar");
    }

    private static JavaSources fromFolder(Path root) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
                    .forEach(p -> files.put(root.relativize(p).toString().replace('\\', '/'), readString(p)));
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException("cannot read sources under " + root + ": " + e.getMessage(), e);
        }
        return new JavaSources(root, files);
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JavaSources fromJar(Path jar) {
        Map<String, String> files = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.isDirectory() || !e.getName().endsWith(".java")) continue;
                try (var in = zip.getInputStream(e)) {
                    files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new BadInputException(jar + ": not a readable jar: " + e.getMessage(), e);
        }
        return new JavaSources(jar, files);
    }
}
