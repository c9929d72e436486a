package dev.retort.spark.score;

import dev.retort.cli.InputOptions;
import dev.retort.score.ScoreMetrics;
import dev.retort.spark.SparkOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code retort spark score-apply}: {@code retort score apply} with the feature table cut into Spark partitions. */
@Command(name = "score-apply", mixinStandardHelpOptions = true,
        description = {"Score a feature table with a model from 'retort score fit' on Spark and write the scores.csv 'retort score apply' writes.", "",
                "Score a feature table (.csv with one row per line, .jsonl or .parquet) on Spark, in partitions of --rows-per-partition "
                        + "consecutive rows, with a model from 'retort score fit', and write OUT/scores.csv (id, score), the bytes 'retort score "
                        + "apply' writes, or with --parquet OUT/scores.parquet; for a table with the model's label column also OUT/metrics.json. "
                        + "Finished partitions are kept in OUT/_parts and reused by a rerun."},
        footer = {"", "Examples:",
                "  retort spark score-apply --model results/fit/model.json --features new.csv --out scored",
                "  retort spark score-apply --master spark://127.0.0.1:7077 --model hdfs:///score/model.json \\",
                "      --features hdfs:///score/features.parquet --out hdfs:///score/scored --parquet"})
public final class ScoreApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SparkOptions spark;
    @Mixin
    InputOptions input;

    @Option(names = "--model", required = true, paramLabel = "model.json", description = "Model written by retort score fit; any Hadoop path.")
    String model;
    @Option(names = "--features", required = true, paramLabel = "FILE", description = "Feature table (.csv, .jsonl or .parquet) with the model's columns; any Hadoop path.")
    String features;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (any Hadoop path); finished partitions are kept in DIR/_parts.")
    String out;
    @Option(names = "--rows-per-partition", defaultValue = "1000000", paramLabel = "N",
            description = "Rows per partition (default: ${DEFAULT-VALUE}); a rerun reuses finished partitions.")
    int rowsPerPartition;
    @Option(names = "--parquet", description = "Write OUT/scores.parquet (id, score) instead of OUT/scores.csv.")
    boolean parquet;

    @Override
    public Integer call() {
        var options = new SparkScoreApply.Options(model, features, out, rowsPerPartition, input.badRecords().skipping(), parquet);
        SparkScoreApply.Result r = spark.run("retort spark score-apply", session -> SparkScoreApply.run(session, options));
        PrintWriter w = spec.commandLine().getOut();
        ScoreMetrics m = r.metrics();
        if (m != null) w.printf("log-loss %.4f  AUROC %.4f  Brier %.4f  ECE %.4f  (%d rows)%n", m.logLoss(), m.auroc(), m.brier(), m.ece(), m.n());
        if (r.skipped() > 0) w.printf("skipped %d bad rows; first: %s%n", r.skipped(), r.firstSkipped().getFirst());
        w.printf("scored %d rows; partitions computed %d, reused %d%nwrote %s/%s%n", r.rows(), r.computed(), r.reused(), out,
                parquet ? "scores.parquet" : "scores.csv");
        return 0;
    }
}
