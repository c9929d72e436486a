package dev.retort.cli.score;

import dev.retort.cli.EngineOptions;
import dev.retort.core.run.RunDirectory;
import dev.retort.score.Entropy;
import dev.retort.score.Reduction;
import dev.retort.score.ScoreEntropy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
        var o = new ScoreEntropy.Options(logits, mask, temperature, Reduction.parse(reduction));
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        RunDirectory run = RunDirectory.create("score-entropy", outputDir, args, o.config(), o.inputs());
        Entropy.Result res = ScoreEntropy.run(o, run, String.join(" ", args));
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
