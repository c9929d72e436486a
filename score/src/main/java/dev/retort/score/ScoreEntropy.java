package dev.retort.score;

import dev.retort.core.io.CsvWriter;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.LineChart;
import dev.retort.core.run.RunDirectory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code retort score entropy}: per-token and per-sequence entropy of softmax(logits / T) ({@link Entropy}). Writes
 * entropy.csv (one row per sequence), token_entropy.npy, entropy_quantiles.png and report.html into the run directory.
 */
public final class ScoreEntropy {
    /** The options of {@code score entropy}; {@code mask} may be null. */
    public record Options(Path logits, Path mask, double temperature, Reduction reduction) {
        /** Every input file, for run.json's hashes. */
        public List<Path> inputs() {
            List<Path> in = new ArrayList<>(List.of(logits));
            if (mask != null) in.add(mask);
            return in;
        }

        /** The resolved configuration recorded in run.json. */
        public Map<String, Object> config() {
            return ScoreReports.ordered("temperature", temperature, "reduction", reduction.label());
        }
    }

    private ScoreEntropy() {
    }

    /** Computes the entropies and writes them into {@code run}; {@code commandLine} is quoted in report.html. */
    public static Entropy.Result run(Options o, RunDirectory run, String commandLine) {
        NdArray z = NpyInput.logits(o.logits());
        Entropy.Result res = Entropy.compute(z, o.mask() == null ? null : Npy.read(o.mask()), o.temperature(), o.reduction());
        try (CsvWriter csv = CsvWriter.create(run.file("entropy.csv"), List.of("sequence", "entropy_nats", "entropy_normalized", "confidence"))) {
            for (int b = 0; b < res.sequence().length; b++) {
                csv.row(b, res.sequence()[b], res.normalizedSequence()[b], 1 - res.normalizedSequence()[b]);
            }
        }
        Npy.write(run.file("token_entropy.npy"), res.tokens());
        Path png = quantileChart(run, res);
        double mean = Arrays.stream(res.sequence()).average().orElse(Double.NaN);
        new HtmlReport("retort score entropy")
                .keyValues("Summary", ScoreReports.ordered("logits", o.logits() + " " + Arrays.toString(z.shape()), "temperature", o.temperature(),
                        "reduction", o.reduction().label(), "sequences", res.sequence().length, "log V", ScoreReports.f(res.logVocab()),
                        "mean entropy (nats)", ScoreReports.f(mean),
                        "mean normalized entropy", ScoreReports.f(Arrays.stream(res.normalizedSequence()).average().orElse(Double.NaN))))
                .image("Sorted per-sequence normalized entropy", png)
                .code(commandLine)
                .write(run.file("report.html"));
        return res;
    }

    /** entropy_quantiles.png: the per-sequence normalized entropies sorted, against their quantile. */
    private static Path quantileChart(RunDirectory run, Entropy.Result res) {
        double[] sorted = res.normalizedSequence().clone();
        Arrays.sort(sorted);
        double[] rank = new double[sorted.length];
        for (int i = 0; i < rank.length; i++) rank[i] = (i + 1.0) / rank.length;
        Path png = run.file("entropy_quantiles.png");
        LineChart.write(png, "Per-sequence normalized entropy (sorted)", "quantile", "H / log V", List.of(new LineChart.Series("sequences", rank, sorted)));
        return png;
    }
}
