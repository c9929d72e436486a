package dev.retort.elicit.evaluate;

import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.CsvWriter;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.optimize.LabelFile;
import dev.retort.elicit.optimize.LabelOptimizer;
import dev.retort.elicit.optimize.LabelProblem;
import dev.retort.elicit.optimize.OptimizeOptions;
import dev.retort.elicit.optimize.OptimizedLabels;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code retort elicit evaluate} as a service: labels (the optimizer's, or a labels.jsonl's) against gold labels beside
 * the baselines, an ablation over the loss terms, and calibration; writes evaluation.csv, ablation.csv (with an
 * ablation), metrics.json and report.html into the run directory.
 *
 * @param options  the optimizer's options, also the ablation's; their temperature is the baselines' prior temperature
 * @param labels   labels.jsonl to evaluate instead of optimizing; null: optimize
 * @param ablation run the ablation (one optimizer run per variant)
 */
public record EvaluateRun(OptimizeOptions options, Path labels, boolean ablation) {
    /** The labels beside the baselines, the ablation's rows (none when off), and the report.html written. */
    public record Result(LabelComparison comparison, List<Evaluation.Row> ablation, Path report) {
    }

    /** Claims without a single gold label leave nothing to evaluate against: a bad input, raised before the tuples are read. */
    public static void requireGoldLabels(ClaimSet claims, Path file) {
        if (claims.labelled() == 0)
            throw new BadInputException(file + ": no claim has a gold label, so there is nothing to evaluate against; use optimize to produce labels");
    }

    /** @param bad counts or rejects bad records of the labels file */
    public Result run(LabelProblem problem, BadRecords bad, RunDirectory run) {
        ClaimSet claims = problem.claims();
        OptimizedLabels result = labels != null ? LabelFile.read(labels, claims, bad) : LabelOptimizer.optimize(problem, options);
        String method = labels != null ? "labels from " + labels.getFileName() : options.label();
        LabelComparison c = LabelComparison.of(problem, method, result, options.temperature());
        List<Evaluation.Row> ablationRows = ablation ? Evaluation.ablation(problem, options) : List.of();
        writeCsv(run.file("evaluation.csv"), c.rows());
        if (!ablationRows.isEmpty()) writeCsv(run.file("ablation.csv"), ablationRows);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("claims", problem.claimCount());
        m.put("gold_labels", claims.labelled());
        m.put("tuples", problem.tupleCount());
        m.put("stopped_by", result.stop().label());
        m.put("comparison", c.rows());
        m.put("ablation", ablationRows);
        m.put("calibration", c.calibration());
        Map<String, Object> summary = new LinkedHashMap<>();                // the report's Run table, in this order
        summary.put("claims", problem.claimCount());
        summary.put("gold labels", claims.labelled());
        summary.put("tuples", problem.tupleCount());
        summary.put("method", method);
        c.write(run, "retort elicit evaluate", m, summary, ablationRows, result.lossHistory());
        return new Result(c, ablationRows, run.file("report.html"));
    }

    private static void writeCsv(Path file, List<Evaluation.Row> rows) {
        try (CsvWriter w = CsvWriter.create(file, List.of("method", "accuracy", "ece", "brier", "seconds"))) {
            for (Evaluation.Row r : rows) w.row(r.method(), r.accuracy(), r.ece(), r.brier(), r.seconds());
        }
    }
}
