package dev.retort.spark;

import dev.retort.core.BadInputException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver's Hadoop configuration (with any {@code spark.hadoop.*} settings, e.g. object-store credentials) in a
 * form that travels to executors, and the file systems it opens: every input and output path of the Spark jobs goes
 * through Hadoop's {@link FileSystem}, so local paths, {@code hdfs://} and {@code s3a://} work alike.
 */
public record HadoopConf(Map<String, String> entries) implements Serializable {
    public static HadoopConf of(Configuration configuration) {
        Map<String, String> m = new HashMap<>();
        configuration.forEach(e -> m.put(e.getKey(), e.getValue()));
        return new HadoopConf(Map.copyOf(m));
    }

    public Configuration configuration() {
        Configuration c = new Configuration(false);
        entries.forEach(c::set);
        return c;
    }

    /** The file system of {@code path}; on the local one without {@code .crc} side files (the outputs match the single-machine ones). */
    public FileSystem fs(Path path) {
        try {
            FileSystem fs = path.getFileSystem(configuration());
            fs.setWriteChecksum(false);
            return fs;
        } catch (IOException e) {
            throw new BadInputException(path + ": no file system for this path: " + e.getMessage(), e);
        }
    }

    /** The lines of a small text file (an artifact list). */
    public List<String> readLines(String file) {
        Path p = new Path(file);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs(p).open(p), StandardCharsets.UTF_8))) {
            return r.lines().toList();
        } catch (java.io.FileNotFoundException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Copies a local file or folder to {@code target} (replacing a file there). */
    public void upload(java.nio.file.Path local, String target) {
        Path t = new Path(target);
        try {
            fs(t).copyFromLocalFile(false, true, new Path(local.toUri()), t);
        } catch (IOException e) {
            throw new dev.retort.core.RetortException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
