package dev.retort.spark.embed;

import dev.retort.cli.InputOptions;
import dev.retort.cli.text.ModelOption;
import dev.retort.text.embed.TextRole;
import dev.retort.text.index.VectorIndex;
import dev.retort.spark.SparkOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code retort spark embed}: {@code retort embed} (and {@code retort index build}) with the records cut into Spark partitions. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed one text field of a JSONL file on Spark into a float32 .npy matrix (and an index).", "", "Embed one text field of a JSONL file on Spark and write OUT/vectors.npy, the float32 matrix 'retort embed' writes "
                + "(one unit-length row per kept record, in file order, bit-identical with the same model and threads); with --index also "
                + "OUT/index, the vector index 'retort index build' saves. Each executor opens one ONNX session per model and embeds whole "
                + "partitions of --rows-per-partition records."},
        footer = {"", "Examples:",
                "  retort spark embed data/skills-qa/skills_qa.jsonl --field answer --out embedded --index",
                "  retort spark embed --master spark://127.0.0.1:7077 hdfs:///corpus/docs.jsonl.gz --field text --model minilm-q --out hdfs:///corpus/embedded"})
public final class EmbedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    SparkOptions spark;
    @Mixin
    InputOptions input;
    @Mixin
    ModelOption modelOption;

    @Parameters(index = "0", paramLabel = "IN.jsonl", description = "Input records (JSONL, .gz allowed, or .parquet; any Hadoop path).")
    String in;

    @Option(names = "--field", required = true, paramLabel = "NAME", description = "The string field to embed, e.g. question.")
    String field;

    @Option(names = "--as", defaultValue = "passage", paramLabel = "query|passage",
            description = "Embed the texts as search queries or as passages to be searched (default: ${DEFAULT-VALUE}).")
    TextRole role;

    @Option(names = "--index", arity = "0..1", fallbackValue = "exact", paramLabel = "exact|hnsw",
            description = "Also save OUT/index, the index 'retort index build' saves (--index alone: exact).")
    String index;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N", description = "ONNX Runtime threads per executor session (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--rows-per-partition", defaultValue = "4096", paramLabel = "N",
            description = "Records per partition, a multiple of 512 (default: ${DEFAULT-VALUE}); a rerun reuses finished partitions.")
    int rowsPerPartition;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (any Hadoop path); finished partitions are kept in DIR/_parts.")
    String out;

    @Override
    public Integer call() {
        var options = new SparkEmbed.Options(in, field, role, modelOption.model(), threads, rowsPerPartition, input.badRecords().skipping(),
                index == null ? null : VectorIndex.Kind.parse(index), out);
        SparkEmbed.Result r = spark.run("retort spark embed", session -> SparkEmbed.run(session, options));
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "wrote %s/vectors.npy: %d × %d float32 (%s, as %s)%s; partitions computed %d, reused %d; %.0f texts/s per task%n", out,
                r.records(), r.dimension(), options.model().cliName(), role.name().toLowerCase(Locale.ROOT), index == null ? "" : " and " + out + "/index",
                r.computed(), r.reused(), r.records() / Math.max(r.taskSeconds(), 1e-9));
        if (r.skipped() > 0) w.printf("skipped %d bad records; first: %s%n", r.skipped(), r.firstSkipped().getFirst());
        return 0;
    }
}
