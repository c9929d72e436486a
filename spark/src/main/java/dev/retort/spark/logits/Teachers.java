package dev.retort.spark.logits;

import dev.retort.core.RetortException;
import dev.retort.kd.model.AssertionGenerator;
import dev.retort.spark.HadoopConf;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * One teacher per executor JVM and model: the first task that needs it copies the model directory from its Hadoop
 * path into a local temp folder (once per JVM) and loads it; the tasks running at once there share it, as the threads
 * of {@code kd teacher-logits --workers} share one model (inference only). Each task runs libtorch at the engine's
 * thread count, one intra-op thread unless the executor's engine was started otherwise, so an executor with C cores
 * runs C tasks on C cores.
 */
final class Teachers {
    private static final Map<String, AssertionGenerator> OPEN = new HashMap<>();

    private Teachers() {
    }

    static synchronized AssertionGenerator get(HadoopConf conf, String modelDir, String fingerprint) {
        return OPEN.computeIfAbsent(modelDir + "#" + fingerprint, k -> load(conf, modelDir));
    }

    private static AssertionGenerator load(HadoopConf conf, String modelDir) {
        Path source = new Path(modelDir);
        try {
            java.nio.file.Path local = Files.createTempDirectory("retort-spark-teacher");
            local.toFile().deleteOnExit();
            FileSystem fs = conf.fs(source);
            for (FileStatus s : fs.listStatus(source)) {
                if (!s.isFile()) continue;
                java.nio.file.Path copy = local.resolve(s.getPath().getName());
                fs.copyToLocalFile(false, s.getPath(), new Path(copy.toUri()), true);
                copy.toFile().deleteOnExit();
            }
            return AssertionGenerator.load(local);
        } catch (IOException e) {
            throw new RetortException("cannot copy the teacher " + modelDir + " to this executor: " + e.getMessage(), e);
        }
    }
}
