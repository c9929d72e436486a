package dev.retort.cli.score;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.ResumeOptions;
import dev.retort.core.run.RunDirectory;
import dev.retort.score.Distillation;
import dev.retort.score.ScoreDistill;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "distill",
        mixinStandardHelpOptions = true,
        description = {"Distills a target projection into a small student MLP.",
                "Trains Linear → GELU → Linear to mimic f_target(h) with L = mean ‖f_student(h) − f_target(h)‖². The targets come from --targets, or from a head of an",
                "'retort score align' run (--alignment DIR --head primary). Reports held-out MSE and cosine fidelity."},
        footer = {"", "Examples:",
                "  retort score distill --inputs h.npy --targets y.npy --hidden 128",
                "  retort score distill --inputs hp.npy --alignment results/align --head primary --hidden 64",
                "  retort score distill … --output-dir results/distill --resume    # continue after an interruption"})
public final class DistillCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;
    @Mixin
    ResumeOptions resume;
    @Spec
    CommandSpec spec;

    @Option(names = "--inputs", required = true, paramLabel = "H.npy", description = "Inputs h [rows, width].")
    Path inputs;
    @Option(names = "--targets", paramLabel = "Y.npy", description = "Targets f_target(h) [rows, k].")
    Path targets;
    @Option(names = "--alignment", paramLabel = "DIR", description = "Run directory of 'retort score align' whose head is the target.")
    Path alignment;
    @Option(names = "--head", defaultValue = "primary", description = "With --alignment: primary, secondary or evaluator (default: ${DEFAULT-VALUE}).")
    String head;
    @Option(names = "--hidden", defaultValue = "128", description = "Student hidden width (default: ${DEFAULT-VALUE}).")
    int hidden;
    @Option(names = "--epochs", defaultValue = "50", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "64", description = "Rows per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--lr", defaultValue = "3e-3", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--holdout", defaultValue = "0.2", description = "Fraction of rows held out (default: ${DEFAULT-VALUE}).")
    double holdout;
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Run directory (default: results/score-distill-<time>).")
    Path outputDir;

    @Override
    public Integer call() {
        engine.start();
        var o = new ScoreDistill.Options(inputs, targets, alignment, head, new Distillation.Config(hidden, epochs, batchSize, lr, holdout));
        resume.check(outputDir, o.config());
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        RunDirectory run = RunDirectory.create("score-distill", outputDir, args, o.config(), o.inputFiles());
        Distillation.Result r = ScoreDistill.run(o, run, String.join(" ", args), resume.plan(run.path()));
        if (r.paused()) spec.commandLine().getOut().println(ResumeOptions.pausedLine(r.epochs()));
        spec.commandLine().getOut().printf("held-out MSE %.5f → %.5f, cosine fidelity %.4f → %.4f%nwrote %s%n",
                r.before().meanSquaredError(), r.after().meanSquaredError(), r.before().cosineFidelity(), r.after().cosineFidelity(),
                run.file(Distillation.MODEL_FILE));
        return 0;
    }
}
