package dev.retort.spark.mine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.io.Json;
import dev.retort.kd.mine.ArtifactList;
import dev.retort.kd.mine.AssertionMiner;
import dev.retort.spark.HadoopConf;
import dev.retort.spark.LocalStaging;
import dev.retort.spark.PartStore;
import dev.retort.spark.SparkRuntime;
import dev.retort.spark.TableInput;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code retort spark mine}: the artifacts of a G:A:V list mined on executors, one partition per artifact, with the
 * code of {@code retort kd mine --artifacts} ({@link AssertionMiner#mineOne}); each outcome is a part file
 * ({@link MinePart}), a failure included. The driver then reads the parts in list order and runs the single-machine
 * {@link AssertionMiner#assemble} — cross-artifact dedup, seeded split, report — so train/valid/test.jsonl and
 * mine_report.json are those of the single-machine command (up to {@code seconds}).
 */
public final class SparkMine {
    static final List<String> OUTPUTS = List.of("train.jsonl", "valid.jsonl", "test.jsonl", "mine_report.json");

    /**
     * @param artifacts a G:A:V list file; {@code out} the output folder; both any Hadoop path
     * @param parquet   also write {@code train.parquet}, {@code valid.parquet} and {@code test.parquet} (the same records)
     */
    public record Options(String artifacts, String out, AssertionMiner.Options mine, boolean parquet) {
        public Options(String artifacts, String out, AssertionMiner.Options mine) {
            this(artifacts, out, mine, false);
        }
    }

    /** The report, and how many artifacts were mined now and how many were already done by an earlier run. */
    public record Result(ObjectNode report, int minedNow, int reused) {
    }

    private SparkMine() {
    }

    public static Result run(SparkSession spark, Options options) {
        long start = System.nanoTime();
        HadoopConf conf = HadoopConf.of(spark.sparkContext().hadoopConfiguration());
        List<String> artifacts = ArtifactList.parse(Path.of(options.artifacts()), conf.readLines(options.artifacts()));
        PartStore parts = PartStore.open(conf, options.out(), job(options.mine()));
        AssertionMiner.Options mine = options.mine();
        List<Boolean> reused = SparkRuntime.java(spark).parallelize(artifacts, artifacts.size())
                .map(artifact -> MinePart.mineUnlessDone(parts, artifact, mine))
                .collect();
        List<AssertionMiner.Outcome> outcomes = new ArrayList<>();
        for (String artifact : artifacts) outcomes.add(MinePart.read(parts, artifact));
        int done = (int) reused.stream().filter(b -> b).count();
        return new Result(assembleAndPublish(spark, conf, outcomes, mine, options, start), artifacts.size() - done, done);
    }

    /** What the parts depend on: an artifact's examples depend on the task and the outline cut, not on the seed or split. */
    static ObjectNode job(AssertionMiner.Options mine) {
        return Json.object().put("job", "mine").put("task", mine.task().label()).put("max_focal_file_chars", mine.maxFocalFileChars());
    }

    /**
     * {@link AssertionMiner#assemble} into a local folder, then its files to {@code out} (the report even when it throws);
     * with {@code parquet} each non-empty split also as Parquet, written by Spark from the split's JSONL records.
     */
    private static ObjectNode assembleAndPublish(SparkSession spark, HadoopConf conf, List<AssertionMiner.Outcome> outcomes,
                                                 AssertionMiner.Options mine, Options options, long start) {
        String out = options.out();
        try (LocalStaging staging = new LocalStaging("retort-spark-mine")) {
            ObjectNode report;
            try {
                report = AssertionMiner.assemble(outcomes, mine, staging.path(), start);
            } finally {
                for (String name : OUTPUTS) staging.publish(conf, name, out);
            }
            if (options.parquet()) {
                for (String split : List.of("train", "valid", "test")) {
                    List<String> lines = readLines(staging.resolve(split + ".jsonl"));
                    if (!lines.isEmpty()) TableInput.writeParquet(spark, lines, new org.apache.hadoop.fs.Path(out, split + ".parquet").toString());
                }
            }
            return report;
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return java.nio.file.Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new dev.retort.core.RetortException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
