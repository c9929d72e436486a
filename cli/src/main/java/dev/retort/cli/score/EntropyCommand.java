package dev.retort.cli.score;

import dev.retort.cli.EngineOptions;
import dev.retort.core.io.CsvWriter;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.LineChart;
import dev.retort.core.run.RunDirectory;
import dev.retort.score.NpyInput;
import dev.retort.score.Entropy;
import dev.retort.score.Reduction;
import dev.retort.score.ScoreReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "entropy",
        mixinStandardHelpOptions = true,
        description = {"Per-token and per-sequence entropy of softmax(logits / T), in nats and normalized by log V.",
                "Prints one line per sequence and writes entropy.csv, token_entropy.npy, run.json and report.html."},
        footer = {"", "Example:",
                "  retort score entropy --logits logits.npy --mask mask.npy --reduction weighted_mean --temperature 1.5",
                "logits: float .npy shaped [batch, seq, vocab] or [seq, vocab]; mask: [batch, seq] of 1 (token) / 0 (padding)."})
public final class EntropyCommand implements Callable<Integer> {
    static final int PRINTED = 100;

    @Mixin
    EngineOptions engine;
    @Spec
    CommandSpec spec;

    @Option(names = "--logits", required = true, paramLabel = "X.npy", description = "Logits [batch, seq, vocab] or [seq, vocab].")
    Path logits;
    @Option(names = "--mask", paramLabel = "M.npy", description = "Padding mask [batch, seq] (1 = token, 0 = padding).")
    Path mask;
    @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T", description = "Softmax temperature (default: ${DEFAULT-VALUE}).")
    double temperature;
    @Option(names = "--reduction", defaultValue = "mean", paramLabel = "mean|max|weighted_mean",
            description = "Per-sequence aggregation (default: ${DEFAULT-VALUE}); weighted_mean weights token i of n by i/n.")
    String reduction;
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Run directory (default: results/score-entropy-<time>).")
    Path outputDir;

    @Override
    public Integer call() {
        engine.start();
        Reduction r = Reduction.parse(reduction);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("temperature", temperature);
        config.put("reduction", r.label());
        List<Path> inputs = new ArrayList<>(List.of(logits));
        if (mask != null) inputs.add(mask);
        RunDirectory run = RunDirectory.create("score-entropy", outputDir, spec.commandLine().getParseResult().originalArgs(), config, inputs);
        NdArray z = NpyInput.logits(logits);
        Entropy.Result res = Entropy.compute(z, mask == null ? null : Npy.read(mask), temperature, r);
        try (CsvWriter csv = CsvWriter.create(run.file("entropy.csv"), List.of("sequence", "entropy_nats", "entropy_normalized", "confidence"))) {
            for (int b = 0; b < res.sequence().length; b++) {
                csv.row(b, res.sequence()[b], res.normalizedSequence()[b], 1 - res.normalizedSequence()[b]);
            }
        }
        Npy.write(run.file("token_entropy.npy"), res.tokens());

        double[] sorted = res.normalizedSequence().clone();
        Arrays.sort(sorted);
        double[] rank = new double[sorted.length];
        for (int i = 0; i < rank.length; i++) rank[i] = (i + 1.0) / rank.length;
        Path png = run.file("entropy_quantiles.png");
        LineChart.write(png, "Per-sequence normalized entropy (sorted)", "quantile", "H / log V", List.of(new LineChart.Series("sequences", rank, sorted)));
        double mean = Arrays.stream(res.sequence()).average().orElse(Double.NaN);
        new HtmlReport("retort score entropy")
                .keyValues("Summary", ScoreReports.ordered("logits", logits + " " + Arrays.toString(z.shape()), "temperature", temperature,
                        "reduction", r.label(), "sequences", res.sequence().length, "log V", ScoreReports.f(res.logVocab()),
                        "mean entropy (nats)", ScoreReports.f(mean),
                        "mean normalized entropy", ScoreReports.f(Arrays.stream(res.normalizedSequence()).average().orElse(Double.NaN))))
                .image("Sorted per-sequence normalized entropy", png)
                .code(String.join(" ", spec.commandLine().getParseResult().originalArgs()))
                .write(run.file("report.html"));

        PrintWriter out = spec.commandLine().getOut();
        out.println("sequence\tentropy_nats\tentropy_normalized");
        for (int b = 0; b < Math.min(PRINTED, res.sequence().length); b++) {
            out.printf("%d\t%.6f\t%.6f%n", b, res.sequence()[b], res.normalizedSequence()[b]);
        }
        if (res.sequence().length > PRINTED) out.println("… " + (res.sequence().length - PRINTED) + " more in " + run.file("entropy.csv"));
        out.println("wrote " + run.path());
        return 0;
    }
}
