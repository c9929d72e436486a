package dev.retort.elicit.evaluate;

import dev.retort.core.io.Json;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.optimize.LabelFile;
import dev.retort.elicit.optimize.LabelProblem;
import dev.retort.elicit.optimize.OptimizedLabels;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labels measured against gold labels beside the baselines ({@link Evaluation#compare}), with their calibration, and the
 * files that optimize, search and evaluate write about them: labels.jsonl (for labels the run found), metrics.json and
 * report.html.
 *
 * @param problem the claims and tuples the labels are for
 * @param labels  the labels compared
 * @param rows    the labels' row, then the baselines'
 */
public record LabelComparison(LabelProblem problem, OptimizedLabels labels, List<Evaluation.Row> rows, Metrics.Calibration calibration) {

    /** @param method the labels' name in the first row; temperature: the prior's, for the baselines */
    public static LabelComparison of(LabelProblem problem, String method, OptimizedLabels labels, double temperature) {
        return new LabelComparison(problem, labels, Evaluation.compare(problem, method, labels, temperature),
                Metrics.calibration(problem.claims().goldLabels(), labels.probability(), 10));
    }

    /** Each row's accuracy under its metrics.json key ("accuracy/prior_argmax"), in row order. */
    public Map<String, Double> accuracies() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Evaluation.Row r : rows) m.put(r.key(), r.accuracy());
        return m;
    }

    /**
     * What a run that found the labels writes: labels.jsonl, metrics.json, and report.html with {@code metrics} as its run
     * table and {@code curve} (the loss or energy per step) as its chart.
     *
     * @return labels.jsonl
     */
    public Path writeFound(RunDirectory run, String title, Map<String, ?> metrics, List<Double> curve) {
        Path file = run.file("labels.jsonl");
        LabelFile.write(file, problem.claims(), labels.probability(), labels.labels());
        write(run, title, metrics, metrics, List.of(), curve);
        return file;
    }

    /** metrics.json, then report.html: {@code facts}, this comparison, the {@code ablation} when not empty, the calibration and {@code curve}. */
    public void write(RunDirectory run, String title, Map<String, ?> metrics, Map<String, ?> facts, List<Evaluation.Row> ablation,
                      List<Double> curve) {
        Json.write(run.file("metrics.json"), metrics);
        ElicitReport.write(run, title, facts, rows, ablation, calibration, curve);
    }
}
