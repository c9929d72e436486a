package dev.retort.spark;

import dev.retort.core.RetortException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A local temp folder where the driver writes a job's final files with the single-machine writers (they write
 * {@link java.nio.file.Path}s) before {@link HadoopConf#upload} puts them at the output path; removed on close.
 */
public final class LocalStaging implements AutoCloseable {
    private final Path dir;

    public LocalStaging(String prefix) {
        try {
            dir = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new RetortException("cannot create a local staging folder: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Uploads {@code name} (a file or folder) to {@code out/name} when the job wrote it. */
    public void publish(HadoopConf conf, String name, String out) {
        if (Files.exists(dir.resolve(name))) conf.upload(dir.resolve(name), new org.apache.hadoop.fs.Path(out, name).toString());
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
