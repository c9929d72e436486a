package dev.retort.cli.score;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.ResumeOptions;
import dev.retort.core.run.RunDirectory;
import dev.retort.score.Alignment;
import dev.retort.score.ScoreAlign;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "align",
        mixinStandardHelpOptions = true,
        description = {"Aligns three models' hidden states in one shared space with projection heads.",
                "Trains linear heads for the primary, secondary and evaluator hidden states (rows aligned, any widths),",
                "minimizing the mean over the three pairs of (1 − cos), with FGSM-perturbed copies of each batch",
                "(ε = --epsilon; 0 turns it off).",
                "Reports held-out alignment before and after, clean and under attack, and top-1 cross-model retrieval."},
        footer = {"", "Example:",
                "  retort score align --primary hp.npy --secondary hs.npy --evaluator he.npy --dim 64 --epsilon 0.01 --epochs 30",
                "  retort score align … --output-dir results/align --resume    # continue after an interruption",
                "Each .npy is float [rows, width]; row i of every file describes the same item."})
public final class AlignCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;
    @Mixin
    ResumeOptions resume;
    @Spec
    CommandSpec spec;

    @Option(names = "--primary", required = true, paramLabel = "HP.npy", description = "Primary model hidden states [rows, width].")
    Path primary;
    @Option(names = "--secondary", required = true, paramLabel = "HS.npy", description = "Secondary model hidden states [rows, width'].")
    Path secondary;
    @Option(names = "--evaluator", required = true, paramLabel = "HE.npy", description = "Evaluator model hidden states [rows, width''].")
    Path evaluator;
    @Option(names = "--dim", defaultValue = "64", description = "Shared space width (default: ${DEFAULT-VALUE}).")
    int dim;
    @Option(names = "--epochs", defaultValue = "30", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "64", description = "Rows per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--lr", defaultValue = "1e-2", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--epsilon", defaultValue = "0.01", description = "FGSM step ε in input units (default: ${DEFAULT-VALUE}; 0 = no adversarial copies).")
    double epsilon;
    @Option(names = "--holdout", defaultValue = "0.2", description = "Fraction of rows held out (default: ${DEFAULT-VALUE}).")
    double holdout;
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Run directory (default: results/score-align-<time>).")
    Path outputDir;

    @Override
    public Integer call() {
        engine.start();
        var o = new ScoreAlign.Options(primary, secondary, evaluator, new Alignment.Config(dim, epochs, batchSize, lr, epsilon, holdout));
        resume.check(outputDir, o.config());
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        RunDirectory run = RunDirectory.create("score-align", outputDir, args, o.config(), o.inputs());
        Alignment.Result r = ScoreAlign.run(o, run, String.join(" ", args), resume.plan(run.path()));
        if (r.paused()) spec.commandLine().getOut().println(ResumeOptions.pausedLine(r.epochs()));
        spec.commandLine().getOut().printf("held-out L_align %.4f → %.4f (under FGSM ε=%s: %.4f → %.4f), retrieval@1 %.3f → %.3f%nwrote %s%n",
                r.before().loss(), r.after().loss(), epsilon, r.before().adversarialLoss(), r.after().adversarialLoss(),
                r.before().retrievalAt1(), r.after().retrievalAt1(), run.file(Alignment.MODEL_FILE));
        return 0;
    }
}
