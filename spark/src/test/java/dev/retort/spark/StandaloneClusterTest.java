package dev.retort.spark;

import dev.retort.kd.data.AssertionTask;
import dev.retort.kd.data.SplitSetting;
import dev.retort.kd.mine.ArtifactSources;
import dev.retort.kd.mine.AssertionMiner;
import dev.retort.spark.embed.SparkEmbed;
import dev.retort.spark.logits.SparkTeacherLogits;
import dev.retort.spark.logits.TinyTeacher;
import dev.retort.spark.mine.SparkMine;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.TextRole;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * mine, embed and teacher-logits on a standalone cluster on 127.0.0.1 — a master and two one-core workers started by
 * {@code spark/scripts/standalone-cluster.sh} from this build's jars — give the single-machine outputs.
 * Executors are separate JVMs here: they resolve commons-text 1.12.0 from ~/.m2, open their own ONNX sessions, and
 * copy and load the teacher with their own libtorch.
 */
@Tag("slow")
class StandaloneClusterTest {
    @Test
    void mineEmbedAndTeacherLogitsOnAMasterAndTwoWorkersGiveTheSingleMachineOutputs(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestSpark.stop();   // one SparkContext per JVM
        script(port, "start", "2");
        SparkSession spark = SparkRuntime.start("retort cluster test", "spark://127.0.0.1:" + port, Map.of(
                "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1", "spark.executor.memory", "1g",
                "spark.ui.showConsoleProgress", "false"));
        try {
            mine(spark, dir);
            embed(spark, dir);
            teacherLogits(spark, dir);
        } finally {
            spark.stop();
            script(port, "stop");
        }
    }

    private static void mine(SparkSession spark, Path dir) throws IOException {
        String text = "org.apache.commons:commons-text:1.12.0";
        var options = new AssertionMiner.Options(3, 4000, AssertionTask.ASSERTION, SplitSetting.IN_PROJECT);
        Path single = Files.createDirectories(dir.resolve("mine-single")), out = dir.resolve("mine-cluster");
        AssertionMiner.mine(List.of(AssertionMiner.Corpus.tryResolve(text, new ArtifactSources())), options, single);
        Path list = Files.writeString(dir.resolve("artifacts.txt"), text + "\n");

        SparkMine.run(spark, new SparkMine.Options(list.toString(), out.toString(), options));

        for (String split : List.of("train.jsonl", "valid.jsonl", "test.jsonl"))
            assertThat(Files.readString(out.resolve(split))).as(split).isEqualTo(Files.readString(single.resolve(split)));
    }

    private static void embed(SparkSession spark, Path dir) throws IOException {
        Path input = Files.write(dir.resolve("q.jsonl"), Files.readAllLines(Path.of("../data/skills-qa/skills_qa.jsonl")).subList(0, 1100));
        Path single = dir.resolve("single.npy"), out = dir.resolve("embed-cluster");
        StringWriter err = new StringWriter();
        int code = dev.retort.cli.Main.run(new String[]{"embed", input.toString(), "--field", "question", "--model", "minilm-q", "--out", single.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();

        SparkEmbed.Result r = SparkEmbed.run(spark, new SparkEmbed.Options(input.toString(), "question", TextRole.PASSAGE,
                EmbeddingModel.MINILM_Q, 1, 512, false, null, out.toString()));

        assertThat(r.computed()).isEqualTo(3);
        assertThat(Files.readAllBytes(out.resolve("vectors.npy"))).isEqualTo(Files.readAllBytes(single));
    }

    /** Each executor JVM copies the model directory from its path and loads it; three blocks over two executors. */
    private static void teacherLogits(SparkSession spark, Path dir) throws IOException {
        var examples = TinyTeacher.examples(24);
        Path teacher = TinyTeacher.train(dir.resolve("teacher"), examples.subList(0, 20), examples.subList(20, 24));
        Path data = dir.resolve("examples.jsonl"), single = dir.resolve("logits-single.jsonl"), out = dir.resolve("logits-cluster.jsonl");
        dev.retort.kd.data.AssertionDataset.write(data, examples);
        StringWriter err = new StringWriter();
        int code = dev.retort.cli.Main.run(new String[]{"kd", "teacher-logits", "--teacher", teacher.toString(), "--data", data.toString(),
                "--out", single.toString(), "--format", "course", "--batch-size", "4"}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();

        SparkTeacherLogits.Result r = SparkTeacherLogits.run(spark, new SparkTeacherLogits.Options(data.toString(), teacher.toString(), out.toString(),
                "course", 8, 32, "training", 4, 8, false));

        assertThat(r.computed()).isEqualTo(3);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(single));
    }

    private static void script(int port, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "scripts/standalone-cluster.sh"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("RETORT_SPARK_PORT", Integer.toString(port));
        pb.environment().put("RETORT_SPARK_CLASSPATH", System.getProperty("java.class.path"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
    }
}
