package dev.retort.cli.score;

import dev.retort.cli.EngineOptions;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;
import dev.retort.core.io.NdArray;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.run.RunDirectory;
import dev.retort.score.NpyInput;
import dev.retort.score.Alignment;
import dev.retort.score.Distillation;
import dev.retort.score.ScoreReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "distill",
        mixinStandardHelpOptions = true,
        description = {"Distills a target projection into a small student MLP.",
                "Trains Linear → GELU → Linear to mimic f_target(h) with L = mean ‖f_student(h) − f_target(h)‖². The targets come from --targets, or from a head of an",
                "'retort score align' run (--alignment DIR --head primary). Reports held-out MSE and cosine fidelity."},
        footer = {"", "Examples:",
                "  retort score distill --inputs h.npy --targets y.npy --hidden 128",
                "  retort score distill --inputs hp.npy --alignment results/align --head primary --hidden 64"})
public final class DistillCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;
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
        if ((targets == null) == (alignment == null)) throw new BadInputException("give exactly one of --targets Y.npy or --alignment DIR");
        var config = new Distillation.Config(hidden, epochs, batchSize, lr, holdout);
        List<Path> in = new ArrayList<>(List.of(inputs));
        if (targets != null) in.add(targets);
        else in.add(alignment.resolve(Alignment.MODEL_FILE));
        Map<String, Object> cfg = new java.util.LinkedHashMap<>(Json.MAPPER.convertValue(config, Map.class));
        cfg.put("head", alignment == null ? null : head);
        RunDirectory run = RunDirectory.create("score-distill", outputDir, spec.commandLine().getParseResult().originalArgs(), cfg, in);
        NdArray h = NpyInput.vectors(inputs);
        NdArray y = targets != null ? NpyInput.vectors(targets) : Alignment.project(alignment, head, h);
        Distillation.Result r;
        HtmlReport report = new HtmlReport("retort score distill");
        try (MetricsLogger log = run.metrics("metrics")) {
            r = Distillation.train(h, y, config, log, run.path());
            Json.write(run.file("result.json"), r);
            report.keyValues("Run", ScoreReports.ordered("inputs", inputs + " " + java.util.Arrays.toString(h.shape()),
                            "targets", targets != null ? targets.toString() : alignment + " head " + head, "student parameters", r.parameters(),
                            "rows (train / held-out)", r.trainRows() + " / " + r.heldOutRows(), "epochs", epochs))
                    .table("Held-out fidelity (MSE = mean over rows of ‖student − target‖²)", List.of("student", "MSE", "cosine fidelity"),
                            List.of(List.of("before training", ScoreReports.f(r.before().meanSquaredError()), ScoreReports.f(r.before().cosineFidelity())),
                                    List.of("after training", ScoreReports.f(r.after().meanSquaredError()), ScoreReports.f(r.after().cosineFidelity()))));
            ScoreReports.curves(run, log, report, "epoch");
        }
        report.paragraph("entropy/student_softmax_normalized: mean entropy of softmax over the student's output dims, divided by log k.")
                .code(String.join(" ", spec.commandLine().getParseResult().originalArgs())).write(run.file("report.html"));
        spec.commandLine().getOut().printf("held-out MSE %.5f → %.5f, cosine fidelity %.4f → %.4f%nwrote %s%n",
                r.before().meanSquaredError(), r.after().meanSquaredError(), r.before().cosineFidelity(), r.after().cosineFidelity(),
                run.file(Distillation.MODEL_FILE));
        return 0;
    }
}
