package dev.retort.spark.generate;

import dev.retort.cli.InputOptions;
import dev.retort.spark.SparkOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code retort spark generate}: {@code retort kd generate --data --out} with the examples cut into Spark partitions. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Answer every example of a data set with a trained model on Spark and write the file 'retort kd generate --data' writes.", "",
                "Answer the examples (JSONL or .parquet) in partitions of --rows-per-partition consecutive examples and write OUT, "
                        + "the file 'retort kd generate --data IN --out OUT' writes for the same input and --beam (one record per example, "
                        + "in input order: id, predicted_assertions, raw_predicted_assertions, from_neighbour; the same bytes). Each "
                        + "executor copies the model directory from its path once; finished partitions are kept in OUT.parts/ and reused by a rerun."},
        footer = {"", "Examples:",
                "  retort spark generate --model results/teacher/best --data data/kd/test.jsonl --out generated.jsonl",
                "  retort spark generate --master spark://127.0.0.1:7077 --model hdfs:///kd/teacher/best \\",
                "      --data hdfs:///kd/test.parquet --out hdfs:///kd/generated.jsonl --beam 5"})
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SparkOptions spark;
    @Mixin
    InputOptions input;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (train-teacher's best/ or a distilled student, or a run directory); any Hadoop path.")
    String model;
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Examples to answer: JSONL, or Parquet (.parquet); any Hadoop path.")
    String data;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "JSONL file to write; finished partitions are kept in FILE.parts/.")
    String out;
    @Option(names = "--beam", defaultValue = "5", paramLabel = "N",
            description = "Beam size, as kd generate's: the answer is the beam's best hypothesis; 1 is greedy (default: ${DEFAULT-VALUE}).")
    int beam;
    @Option(names = "--rows-per-partition", defaultValue = "1024", paramLabel = "N",
            description = "Examples per partition (default: ${DEFAULT-VALUE}); a rerun reuses finished partitions.")
    int rowsPerPartition;

    @Override
    public Integer call() {
        var options = new SparkGenerate.Options(data, model, out, beam, rowsPerPartition, input.badRecords().skipping());
        SparkGenerate.Result r = spark.run("retort spark generate", session -> SparkGenerate.run(session, options));
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "wrote %d answers to %s; partitions computed %d, reused %d; %.1f examples/s per task%n", r.examples(), out,
                r.computed(), r.reused(), r.examples() / Math.max(r.taskSeconds(), 1e-9));
        if (r.skipped() > 0) w.printf("skipped %d bad records; first: %s%n", r.skipped(), r.firstSkipped().getFirst());
        return 0;
    }
}
