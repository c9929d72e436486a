package dev.retort.cli.elicit;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.io.BadRecords;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.evaluate.EvaluateRun;
import dev.retort.elicit.evaluate.Evaluation;
import dev.retort.elicit.optimize.LabelProblem;
import dev.retort.elicit.optimize.OptimizeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code retort elicit evaluate}: accuracy beside baselines, an ablation over loss terms, calibration. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure labels against gold labels: the optimizer (or a labels.jsonl you pass) beside prior argmax, " +
                "prior + consistency fix and per-tuple majority; an ablation table over the loss terms; calibration (ECE, Brier, " +
                "reliability diagram). Writes evaluation.csv, ablation.csv, metrics.json and report.html.",
        footer = {"", "Example:",
                "  retort elicit evaluate --claims claims.jsonl --tuples tuples.jsonl --exactly-one",
                "  retort elicit evaluate --claims claims.jsonl --tuples tuples.jsonl --labels results/run/labels.jsonl --no-ablation"})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;
    @Mixin
    ClaimOptions claims;
    @Mixin
    OptimizerOptions optimizer;

    @Mixin
    TupleRunOptions files;
    @Option(names = "--labels", paramLabel = "FILE", description = "Evaluate these labels (labels.jsonl from optimize or search) instead of optimizing.")
    Path labels;
    @Option(names = "--no-ablation", description = "Skip the ablation (one optimizer run per variant).")
    boolean noAblation;

    @Override
    public Integer call() {
        engine.start();
        PrintWriter out = spec.commandLine().getOut();
        OptimizeOptions options = optimizer.options();                   // bad option values fail before any file is read
        BadRecords bad = input.badRecords();
        ClaimSet claimSet = claims.load(bad);
        EvaluateRun.requireGoldLabels(claimSet, claims.file);
        LabelProblem problem = LabelProblem.of(claimSet, files.read(bad), options.rankGap());
        Map<String, Object> config = files.config(claims);
        config.put("labels", labels == null ? null : labels.toString());
        config.put("weights", options.weights().asMap());
        config.put("method", options.method().name().toLowerCase(Locale.ROOT));
        config.put("evidence", options.evidence().asMap());
        RunDirectory run = labels == null ? files.createRun(spec, claims, config) : files.createRun(spec, claims, config, labels);
        EvaluateRun.Result r = new EvaluateRun(options, labels, !noAblation).run(problem, bad, run);
        for (Evaluation.Row row : r.comparison().rows()) out.printf(Locale.ROOT, "accuracy %-40s %.4f%n", row.method(), row.accuracy());
        for (Evaluation.Row row : r.ablation()) out.printf(Locale.ROOT, "ablation %-60s %.4f%n", row.method(), row.accuracy());
        out.printf(Locale.ROOT, "calibration: ECE %.4f, Brier %.4f%n", r.comparison().calibration().ece(), r.comparison().calibration().brier());
        out.println("wrote " + r.report());
        return 0;
    }
}
