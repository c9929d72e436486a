package dev.retort.cli.elicit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code retort elicit}: n-shot predictions from a model, and labels that make them coherent. */
@Command(name = "elicit", mixinStandardHelpOptions = true,
        description = "Unsupervised elicitation (after ICM, Wen et al. 2025): collect n-shot predictions about claims from an " +
                "LLM (or the offline local predictor), then find labels that make those predictions coherent.",
        subcommands = {CollectCommand.class, OptimizeCommand.class, SearchCommand.class, EvaluateCommand.class, SensitivityCommand.class},
        footer = {"", "Example (offline, no server):",
                "  retort elicit collect --claims data/elicit/icm/test_truthfulqa.json --predictor local --output-dir results/tqa",
                "  retort elicit optimize --claims results/tqa/claims.jsonl --tuples results/tqa/tuples.jsonl"})
public final class ElicitCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
