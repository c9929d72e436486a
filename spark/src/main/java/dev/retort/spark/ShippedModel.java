package dev.retort.spark;

import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;
import dev.retort.core.io.Hashing;
import dev.retort.kd.model.AssertionGenerator;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A kd model directory at a Hadoop path, as the executors get it: the first task in an executor JVM that needs it
 * copies the directory into a local temp folder (once per JVM and model) and loads it from there. {@code fingerprint}
 * (the sha256 of every file, by name) keys the executors' caches and goes into a job's {@code job.json}, so a rerun with
 * a changed model is refused rather than mixing parts of two models. Tasks run libtorch at the engine's thread count,
 * one intra-op thread unless the executor's engine was started otherwise, so an executor with C cores runs C tasks.
 *
 * @param dir the model directory itself (a train-teacher run directory's {@code best/} when given the run directory)
 */
public record ShippedModel(HadoopConf conf, String dir, String fingerprint) implements Serializable {
    private static final Map<String, java.nio.file.Path> COPIED = new HashMap<>();
    private static final Map<String, AssertionGenerator> SHARED = new HashMap<>();
    private static final Map<String, Deque<AssertionGenerator>> IDLE = new HashMap<>();

    /** As {@code AssertionGenerator.modelDir}: the folder itself, or a run directory's {@code best/}; hashed now, on the driver. */
    public static ShippedModel locate(HadoopConf conf, String modelOrRun) {
        Path best = new Path(modelOrRun, "best");
        String dir;
        try {
            FileSystem fs = conf.fs(best);
            if (fs.isFile(new Path(best, "config.json"))) dir = best.toString();
            else if (fs.isFile(new Path(modelOrRun, "config.json"))) dir = modelOrRun;
            else throw new BadInputException(modelOrRun + ": not a model directory (no config.json, nor best/config.json)");
        } catch (IOException e) {
            throw new BadInputException(modelOrRun + ": cannot read: " + e.getMessage(), e);
        }
        return new ShippedModel(conf, dir, fingerprint(conf, dir));
    }

    /**
     * The one generator of this JVM, shared by the tasks running at once, as the threads of {@code kd teacher-logits
     * --workers} share one model: for {@code TeacherLogitsExport}'s libtorch batches, not for
     * {@link AssertionGenerator#answer} (its plain-Java decoder is not for concurrent use; see {@link #withOwn}).
     */
    public AssertionGenerator shared() {
        synchronized (ShippedModel.class) {
            return SHARED.computeIfAbsent(key(), k -> AssertionGenerator.load(localCopy()));
        }
    }

    /**
     * Runs {@code work} with a generator of its own: an idle one of this JVM, else one loaded from the local copy. It is
     * kept for the next task afterwards, so a JVM holds as many as it ran tasks at once.
     */
    public <T> T withOwn(Function<AssertionGenerator, T> work) {
        AssertionGenerator g;
        synchronized (ShippedModel.class) {
            g = IDLE.computeIfAbsent(key(), k -> new ArrayDeque<>()).poll();
        }
        if (g == null) g = AssertionGenerator.load(localCopy());
        try {
            return work.apply(g);
        } finally {
            synchronized (ShippedModel.class) {
                IDLE.get(key()).push(g);
            }
        }
    }

    private String key() {
        return dir + "#" + fingerprint;
    }

    private java.nio.file.Path localCopy() {
        synchronized (ShippedModel.class) {
            return COPIED.computeIfAbsent(key(), k -> copy());
        }
    }

    private java.nio.file.Path copy() {
        Path source = new Path(dir);
        try {
            java.nio.file.Path local = Files.createTempDirectory("retort-spark-model");
            local.toFile().deleteOnExit();
            FileSystem fs = conf.fs(source);
            for (FileStatus s : fs.listStatus(source)) {
                if (!s.isFile()) continue;
                java.nio.file.Path copy = local.resolve(s.getPath().getName());
                fs.copyToLocalFile(false, s.getPath(), new Path(copy.toUri()), true);
                copy.toFile().deleteOnExit();
            }
            return local;
        } catch (IOException e) {
            throw new RetortException("cannot copy the model " + dir + " to this executor: " + e.getMessage(), e);
        }
    }

    /** The sha256 of each file of the model directory, by name, hashed together. */
    private static String fingerprint(HadoopConf conf, String modelDir) {
        Path dir = new Path(modelDir);
        StringBuilder b = new StringBuilder();
        try {
            FileSystem fs = conf.fs(dir);
            FileStatus[] files = fs.listStatus(dir);
            Arrays.sort(files, (x, y) -> x.getPath().getName().compareTo(y.getPath().getName()));
            for (FileStatus f : files) {
                if (!f.isFile()) continue;
                try (InputStream in = fs.open(f.getPath())) {
                    b.append(f.getPath().getName()).append('=').append(Hashing.sha256(in)).append(';');
                }
            }
            return Hashing.sha256(new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new BadInputException(modelDir + ": cannot read: " + e.getMessage(), e);
        }
    }
}
