package dev.retort.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;
import dev.retort.core.io.Json;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The finished partitions of one job under {@code OUT/_parts/}, one file each. A task writes its file under
 * {@code _parts/_tmp/} and renames it into place, so a file in {@code _parts/} is whole (a rename is atomic on local
 * disks and HDFS; on object stores the upload of one object is). A rerun with the same output path skips the parts
 * present, so a killed job loses only the partitions that were running. {@code _parts/job.json} holds what the parts
 * were computed from; a rerun that differs in it is refused rather than mixing parts of two jobs.
 */
public final class PartStore implements Serializable {
    public static final String DIR = "_parts";
    private static final String JOB = "job.json";

    private final HadoopConf conf;
    private final String dir;

    private PartStore(HadoopConf conf, String dir) {
        this.conf = conf;
        this.dir = dir;
    }

    /** Writes a part's bytes to a stream. */
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** The parts folder of {@code out}, for a job described by {@code job}; refuses one holding another job's parts. */
    public static PartStore open(HadoopConf conf, String out, ObjectNode job) {
        return openAt(conf, new Path(out, DIR).toString(), out, job);
    }

    /** The parts of a job whose output is one file: the folder {@code OUT.parts} beside it. */
    public static PartStore forFile(HadoopConf conf, String outFile, ObjectNode job) {
        return openAt(conf, outFile + ".parts", outFile, job);
    }

    private static PartStore openAt(HadoopConf conf, String dir, String out, ObjectNode job) {
        PartStore store = new PartStore(conf, dir);
        if (store.has(JOB)) {
            JsonNode before;
            try (InputStream in = store.open(JOB)) {
                before = Json.MAPPER.readTree(in);
            } catch (IOException e) {
                throw new RetortException(store.path(JOB) + ": cannot read: " + e.getMessage(), e);
            }
            // compared as JSON text: a long read back from the file is an int node when it fits, and nodes of two types differ
            if (!before.toString().equals(job.toString()))
                throw new BadInputException(out + " holds the parts of another job (" + store.path(JOB) + ": " + before
                        + ", now " + job + "); choose another output path or remove " + store.dir);
        } else {
            store.commit(JOB, o -> o.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(job).getBytes(StandardCharsets.UTF_8)));
        }
        return store;
    }

    public Path path(String name) {
        return new Path(dir, name);
    }

    public boolean has(String name) {
        Path p = path(name);
        try {
            return fs().exists(p);
        } catch (IOException e) {
            throw new RetortException("cannot look for " + p + ": " + e.getMessage(), e);
        }
    }

    public InputStream open(String name) throws IOException {
        return fs().open(path(name));
    }

    /** Writes part {@code name} whole or not at all (temp file, then rename); a part already there stays. */
    public void commit(String name, Body body) {
        Path target = path(name);
        Path tmp = new Path(new Path(dir, "_tmp"), name + "." + UUID.randomUUID());
        FileSystem fs = fs();
        try {
            try (FSDataOutputStream out = fs.create(tmp, true)) {
                body.write(out);
            }
            if (!fs.rename(tmp, target) && !fs.exists(target)) throw new IOException("rename to " + target + " failed");
        } catch (IOException e) {
            throw new RetortException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                fs.delete(tmp, false);
            } catch (IOException ignored) {
                // a temp file left behind is harmless: reruns only look at committed names
            }
        }
    }

    private FileSystem fs() {
        return conf.fs(new Path(dir));
    }
}
