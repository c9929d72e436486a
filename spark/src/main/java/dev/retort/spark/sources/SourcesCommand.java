package dev.retort.spark.sources;

import dev.retort.kd.pretrain.PretrainCorpus;
import dev.retort.kd.pretrain.Pretrainer;
import dev.retort.spark.SparkOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code retort spark sources}: the pretraining corpus of {@code retort kd pretrain --artifacts}, one Spark partition per artifact. */
@Command(name = "sources", mixinStandardHelpOptions = true,
        description = {"Build the unlabelled Java corpus of 'retort kd pretrain' from the artifacts' -sources.jar on Spark, one partition per artifact.", "",
                "Build the unlabelled Java corpus 'retort kd pretrain --artifacts' trains on, on Spark: executors resolve each artifact's "
                        + "-sources.jar (their ~/.m2 or Maven Central) and clean its .java files; the driver applies --exclude-artifacts, "
                        + "keeps identical files once and holds out a seeded slice, with the single-machine code. Writes OUT/train.jsonl and "
                        + "OUT/held_out.jsonl (kd pretrain's corpus/ files for the same list, exclusions, fraction and seed) and "
                        + "OUT/corpus_report.json; with --parquet also train.parquet and held_out.parquet. An artifact that fails is "
                        + "recorded in the report, never fatal."},
        footer = {"", "Examples:",
                "  retort spark sources --artifacts data/kd/pretrain-artifacts.txt --out data/kd/pretrain-corpus",
                "  retort spark sources --master spark://127.0.0.1:7077 --artifacts hdfs:///lists/a.txt --out hdfs:///kd/corpus --parquet"})
public final class SourcesCommand implements Callable<Integer> {
    private static final Pretrainer.Corpus DEFAULTS = Pretrainer.Options.defaults().corpus();

    @Spec
    CommandSpec spec;
    @Mixin
    SparkOptions spark;

    @Option(names = "--artifacts", required = true, paramLabel = "FILE",
            description = "Maven artifacts, one groupId:artifactId:version per line (# comments); any Hadoop path.")
    String artifacts;
    @Option(names = "--exclude-artifacts", split = ",", paramLabel = "G:A:V",
            description = "Evaluation artifacts left out entirely, as in kd pretrain (default: the kd default evaluation artifact).")
    List<String> exclude;
    @Option(names = "--held-out-fraction", paramLabel = "X", description = "Share of files held out for validation loss (default: kd pretrain's).")
    Double heldOutFraction;
    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "kd pretrain's --seed, which draws the held-out files (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (any Hadoop path); finished artifacts are kept in DIR/_parts.")
    String out;
    @Option(names = "--parquet", description = "Also write OUT/train.parquet and OUT/held_out.parquet (artifact, path, text).")
    boolean parquet;

    @Override
    public Integer call() {
        List<String> excluded = new ArrayList<>((exclude != null ? exclude : DEFAULTS.excludeArtifacts()).stream().filter(a -> !a.isBlank()).toList());
        var options = new SparkSources.Options(artifacts, excluded, heldOutFraction != null ? heldOutFraction : DEFAULTS.heldOutFraction(), seed, out, parquet);
        SparkSources.Result r = spark.run("retort spark sources", session -> SparkSources.run(session, options));
        PretrainCorpus.Report report = r.corpus().report();
        PrintWriter w = spec.commandLine().getOut();
        long failed = report.artifacts().stream().filter(a -> a.status().equals("failed")).count();
        w.printf(Locale.ROOT, "artifacts %d (read now %d, done by an earlier run %d), failed %d; files %d: train %d, held out %d%n",
                report.artifacts().size(), r.readNow(), r.reused(), failed, report.files(), report.trainFiles(), report.heldOutFiles());
        report.artifacts().stream().filter(a -> a.status().equals("failed"))
                .forEach(a -> spec.commandLine().getErr().printf("warning: %s failed: %s%n", a.coordinates(), a.error()));
        w.println("wrote " + out + "/train.jsonl, held_out.jsonl and corpus_report.json" + (parquet ? " (and .parquet)" : ""));
        return 0;
    }
}
