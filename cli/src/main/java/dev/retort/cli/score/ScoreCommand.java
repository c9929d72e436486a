package dev.retort.cli.score;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code retort score …}: uncertainty features and calibrated quality scores. */
@Command(name = "score",
        mixinStandardHelpOptions = true,
        description = {"Entropy and confidence features, an ensemble logistic-regression quality score, cross-model alignment and MLP distillation."},
        subcommands = {EntropyCommand.class, FeaturesCommand.class, FitCommand.class, ApplyCommand.class, AlignCommand.class, DistillCommand.class},
        footer = {"", "Typical flow:",
                "  retort score features --topk outputs.jsonl --label-field correct --output-dir results/feat",
                "  retort score fit --features results/feat/features.csv --label-field label --output-dir results/fit",
                "  retort score apply --model results/fit/model.json --features new.csv",
                "See docs/score.md for formats and a worked example."})
public final class ScoreCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
