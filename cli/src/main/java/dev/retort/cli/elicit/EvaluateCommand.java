package dev.retort.cli.elicit;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.CsvWriter;
import dev.retort.core.io.Json;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.evaluate.ElicitReport;
import dev.retort.elicit.evaluate.Evaluation;
import dev.retort.elicit.evaluate.Metrics;
import dev.retort.elicit.optimize.LabelFile;
import dev.retort.elicit.optimize.LabelOptimizer;
import dev.retort.elicit.optimize.LabelProblem;
import dev.retort.elicit.optimize.OptimizeOptions;
import dev.retort.elicit.optimize.OptimizedLabels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
        if (claimSet.labelled() == 0)
            throw new BadInputException(claims.file + ": no claim has a gold label, so there is nothing to evaluate against; use optimize to produce labels");
        LabelProblem problem = LabelProblem.of(claimSet, files.read(bad), optimizer.rankGap);
        Map<String, Object> config = files.config(claims);
        config.put("labels", labels == null ? null : labels.toString());
        config.put("weights", options.weights().asMap());
        config.put("method", options.method().name().toLowerCase(Locale.ROOT));
        config.put("evidence", options.evidence().asMap());
        RunDirectory run = labels == null ? files.createRun(spec, claims, config) : files.createRun(spec, claims, config, labels);

        OptimizedLabels result = labels != null ? LabelFile.read(labels, claimSet, bad) : LabelOptimizer.optimize(problem, options);
        String method = labels != null ? "labels from " + labels.getFileName() : "optimized (" + options.method().name().toLowerCase(Locale.ROOT) + ")";
        List<Evaluation.Row> rows = Evaluation.compare(problem, method, result, options.temperature());
        List<Evaluation.Row> ablation = noAblation ? List.of() : Evaluation.ablation(problem, options);
        Metrics.Calibration cal = Metrics.calibration(claimSet.goldLabels(), result.probability(), 10);
        writeCsv(run.file("evaluation.csv"), rows);
        if (!ablation.isEmpty()) writeCsv(run.file("ablation.csv"), ablation);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("claims", problem.claimCount());
        m.put("gold_labels", claimSet.labelled());
        m.put("tuples", problem.tupleCount());
        m.put("stopped_by", result.stop().label());
        m.put("comparison", rows);
        m.put("ablation", ablation);
        m.put("calibration", cal);
        Json.write(run.file("metrics.json"), m);
        ElicitReport.write(run, "retort elicit evaluate", Map.of("claims", problem.claimCount(), "gold labels", claimSet.labelled(),
                "tuples", problem.tupleCount(), "method", method), rows, ablation, cal, result.lossHistory());

        for (Evaluation.Row r : rows) out.printf(Locale.ROOT, "accuracy %-40s %.4f%n", r.method(), r.accuracy());
        for (Evaluation.Row r : ablation) out.printf(Locale.ROOT, "ablation %-60s %.4f%n", r.method(), r.accuracy());
        out.printf(Locale.ROOT, "calibration: ECE %.4f, Brier %.4f%n", cal.ece(), cal.brier());
        out.println("wrote " + run.path().resolve("report.html"));
        return 0;
    }

    private static void writeCsv(Path file, List<Evaluation.Row> rows) {
        try (CsvWriter w = CsvWriter.create(file, List.of("method", "accuracy", "ece", "brier", "seconds"))) {
            for (Evaluation.Row r : rows) w.row(r.method(), r.accuracy(), r.ece(), r.brier(), r.seconds());
        }
    }
}
