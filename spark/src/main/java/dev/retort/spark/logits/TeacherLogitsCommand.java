package dev.retort.spark.logits;

import dev.retort.cli.InputOptions;
import dev.retort.cli.kd.LogitFileOptions;
import dev.retort.spark.SparkOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code retort spark teacher-logits}: {@code retort kd teacher-logits} with the examples cut into Spark partitions. */
@Command(name = "teacher-logits", mixinStandardHelpOptions = true,
        description = {"Run a trained teacher over a data set on Spark and write the teacher-logit file 'retort kd teacher-logits' writes.", "",
                "Run a trained teacher over examples (JSONL or .parquet) on Spark, in partitions of --rows-per-partition consecutive "
                        + "examples, and write OUT, the file 'retort kd teacher-logits' writes for the same input and options (course or "
                        + "topk, the same header, the same bytes). Each executor copies the model directory from its path once and runs "
                        + "libtorch with one thread per task; finished partitions are kept in OUT.parts/ and reused by a rerun."},
        footer = {"", "Examples:",
                "  retort spark teacher-logits --teacher results/teacher/best --data data/kd/train.jsonl --out logits.jsonl --format course --bits 4",
                "  retort spark teacher-logits --master spark://127.0.0.1:7077 --teacher hdfs:///kd/teacher/best \\",
                "      --data hdfs:///kd/train.parquet --out hdfs:///kd/teacher_logits_train.jsonl"})
public final class TeacherLogitsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SparkOptions spark;
    @Mixin
    InputOptions input;

    @Option(names = "--teacher", required = true, paramLabel = "DIR", description = "Teacher model directory (train-teacher's best/, or its run directory); any Hadoop path.")
    String teacher;
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Examples to score: JSONL, or Parquet (.parquet); any Hadoop path.")
    String data;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Teacher-logit file to write (JSONL); finished partitions are kept in FILE.parts/.")
    String out;
    @Mixin
    LogitFileOptions file;
    @Option(names = "--rows-per-partition", defaultValue = "1024", paramLabel = "N",
            description = "Examples per partition, a multiple of --batch-size (default: ${DEFAULT-VALUE}); a rerun reuses finished partitions.")
    int rowsPerPartition;

    @Override
    public Integer call() {
        var options = new SparkTeacherLogits.Options(data, teacher, out, file.format, file.bits, file.topK, file.datasetType, file.batchSize, rowsPerPartition,
                input.badRecords().skipping());
        SparkTeacherLogits.Result r = spark.run("retort spark teacher-logits", session -> SparkTeacherLogits.run(session, options));
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "wrote %d examples to %s (%s); partitions computed %d, reused %d; %.1f examples/s per task%n", r.examples(), out,
                options.format(), r.computed(), r.reused(), r.examples() / Math.max(r.taskSeconds(), 1e-9));
        if (r.skipped() > 0) w.printf("skipped %d bad records; first: %s%n", r.skipped(), r.firstSkipped().getFirst());
        return 0;
    }
}
