package dev.retort.cli.kd;

import dev.retort.kd.evaluate.PredictionComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code retort kd compare}: two models' predictions on the same test examples, with a paired interval. */
@Command(name = "compare",
        mixinStandardHelpOptions = true,
        description = {"Compare two prediction files of the same test examples (predictions_*.jsonl of kd evaluate or kd pipeline) on "
                + "top-1 exact match: each model's mean with a 95 %% bootstrap interval over test methods, and A − B with a paired "
                + "interval (the same methods resampled for both), for ablations such as with and without pretraining."},
        footer = {"", "Example:",
                "  retort kd compare results/kd-pretrained/evaluate/predictions_teacher.jsonl results/kd/evaluate/predictions_teacher.jsonl --raw"})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "Predictions of model A.")
    Path a;
    @Parameters(index = "1", paramLabel = "B", description = "Predictions of model B, on the same example ids.")
    Path b;
    @Option(names = "--raw", description = "Score the models' own text (raw_predicted_assertions) instead of the checked answer.")
    boolean raw;
    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        var answer = raw ? PredictionComparison.Answer.RAW : PredictionComparison.Answer.CHECKED;
        var r = PredictionComparison.compare(a, b, answer, seed);
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%d examples from %d test methods; top-1 exact match, %s answers, 95%% bootstrap over test methods%n",
                r.examples(), r.methods(), raw ? "raw" : "checked");
        out.printf(Locale.ROOT, "A      %s  %s%n", r.a().format(), a);
        out.printf(Locale.ROOT, "B      %s  %s%n", r.b().format(), b);
        out.printf(Locale.ROOT, "A - B  %s  paired; %d examples only A gets right, %d only B%n", r.aMinusB().format(), r.onlyA(), r.onlyB());
        return 0;
    }
}
