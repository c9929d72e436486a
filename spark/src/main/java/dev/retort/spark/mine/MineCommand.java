package dev.retort.spark.mine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.cli.kd.TaskOptions;
import dev.retort.kd.mine.AssertionMiner;
import dev.retort.spark.SparkOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code retort spark mine}: {@code retort kd mine --artifacts} with one Spark partition per artifact. */
@Command(name = "mine", mixinStandardHelpOptions = true,
        description = {"Mine assertion examples from a list of Maven artifacts on Spark, one partition per artifact.", "", "Mine assertion-generation examples from a list of Maven artifacts on Spark, one partition per artifact, and write "
                + "the train.jsonl, valid.jsonl, test.jsonl and mine_report.json that 'retort kd mine --artifacts' writes for the same list, "
                + "options and seed. Executors resolve each artifact's -sources.jar and -test-sources.jar (their ~/.m2 or Maven Central) and "
                + "mine it; an artifact that fails is recorded in mine_report.json, never fatal. The cross-artifact dedup and the seeded "
                + "split run on the driver, with the single-machine code."},
        footer = {"", "Examples:",
                "  retort spark mine --artifacts data/kd/pretrain-artifacts.txt --out data/kd/many",
                "  retort spark mine --master spark://127.0.0.1:7077 --artifacts hdfs:///lists/artifacts.txt --out hdfs:///data/kd/many"})
public final class MineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SparkOptions spark;
    @Mixin
    TaskOptions taskOptions;

    @Option(names = "--artifacts", required = true, paramLabel = "FILE",
            description = "A file of Maven artifacts, one groupId:artifactId:version per line (# comments, blank lines allowed); any Hadoop path.")
    String artifacts;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (any Hadoop path); finished artifacts are kept in DIR/_parts.")
    String out;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of the train/valid/test split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-focal-file-chars", defaultValue = "4000", paramLabel = "N",
            description = "Cut focal_file (the class outline) to N characters (default: ${DEFAULT-VALUE}).")
    int maxFocalFileChars;

    @Option(names = "--parquet", description = "Also write train.parquet, valid.parquet and test.parquet (the same records; an empty split has none).")
    boolean parquet;

    @Override
    public Integer call() {
        var options = new AssertionMiner.Options(seed, maxFocalFileChars, taskOptions.task(), taskOptions.split());
        SparkMine.Result result = spark.run("retort spark mine", session -> SparkMine.run(session, new SparkMine.Options(artifacts, out, options, parquet)));
        JsonNode report = result.report();
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "artifacts %d (mined now %d, done by an earlier run %d), failed %d; examples %d: train %d, valid %d, test %d; cross-artifact duplicates dropped %d%n",
                result.minedNow() + result.reused(), result.minedNow(), result.reused(), report.get("failures").size(), report.get("examples").asLong(),
                report.at("/splits/train/examples").asLong(), report.at("/splits/valid/examples").asLong(), report.at("/splits/test/examples").asLong(),
                report.get("cross_artifact_duplicates_dropped").asLong());
        report.get("failures").forEach(f -> spec.commandLine().getErr().printf("warning: %s failed: %s%n", f.get("artifact").asText(), f.get("error").asText()));
        if (report.has("split_fallback")) spec.commandLine().getErr().println("warning: " + report.at("/split_fallback/reason").asText());
        w.println("wrote " + out + "/train.jsonl, valid.jsonl, test.jsonl and mine_report.json");
        return 0;
    }
}
