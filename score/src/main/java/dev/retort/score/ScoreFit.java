package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.run.RunDirectory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code retort score fit}: reads a feature table, holds out a seeded fraction of its rows, fits the
 * {@link LogisticModel} with {@link LogisticFit}, and compares it on the held-out rows (on the training rows when
 * nothing is held out) with two baselines: the best single feature, chosen on the training rows, and the constant
 * training positive rate. Writes model.json, metrics.json, metrics.csv (+ tensorboard/), the risk–coverage and
 * curve PNGs and report.html into the run directory.
 */
public final class ScoreFit {
    /** The options of {@code score fit}; {@code holdout} 0 holds out nothing. */
    public record Options(Path features, String labelField, List<String> columns, double l2, int maxIter, double holdout) {
        /** The resolved configuration recorded in run.json. */
        public Map<String, Object> config() {
            return ScoreReports.ordered("label_field", labelField, "columns", columns, "l2", l2, "max_iter", maxIter, "holdout", holdout);
        }
    }

    /** The fitted model, the rows it was fitted on, and how L-BFGS ended. */
    public record Result(LogisticModel model, int trainRows, int iterations, boolean converged) {
    }

    /** The scores compared on the evaluation rows: the report's metrics rows and the metrics.json summary. */
    private record Comparison(List<List<String>> rows, Map<String, Object> summary, FeatureTable eval, String evalName,
                              double[] predicted, String baselineName, double[] baseline) {
    }

    private ScoreFit() {
    }

    /** Fits and evaluates; {@code commandLine} is shown at the end of report.html. */
    public static Result run(Options o, RunDirectory run, BadRecords bad, List<String> commandLine) {
        FeatureTable all = FeatureTable.read(o.features(), o.columns(), o.labelField(), bad);
        if (all.labels() == null) throw new BadInputException(o.features() + ": no label column '" + o.labelField() + "'; name it with --label-field");
        FeatureTable[] parts = o.holdout() == 0 ? new FeatureTable[]{all, null} : all.split(o.holdout(), Engine.get().rng().fork("score-fit-split"));
        FeatureTable train = parts[0], held = parts[1];

        LogisticFit.Result fit = LogisticFit.fit(train, o.labelField(), o.l2(), o.maxIter());
        LogisticModel model = fit.model();
        model.save(run.file("model.json"));
        HtmlReport report = new HtmlReport("retort score fit");
        try (MetricsLogger log = run.metrics("metrics")) {
            for (int i = 0; i < fit.loss().length; i++) {
                log.log(i + 1, Map.of("loss/train", fit.loss()[i], "entropy/mean_binary_normalized", fit.meanEntropy()[i]));
            }
            Comparison c = compare(model, train, held);
            c.summary().put("iterations", fit.loss().length);
            c.summary().put("converged", fit.converged());
            Json.write(run.file("metrics.json"), c.summary());

            report.keyValues("Run", ScoreReports.ordered("features file", o.features(), "rows (train / held-out)",
                            train.size() + " / " + (held == null ? 0 : held.size()),
                            "label", o.labelField(), "λ (L2)", o.l2(), "L-BFGS iterations", fit.loss().length, "converged", fit.converged()))
                    .table("Metrics (" + c.evalName() + " rows unless marked)", ScoreReports.METRICS_HEADER, c.rows())
                    .table("Weights on the standardized scale", List.of("feature", "weight", "mean", "std"), weightRows(model));
            Map<String, double[]> curves = new LinkedHashMap<>();
            curves.put("logistic score", c.predicted());
            curves.put(c.baselineName(), c.baseline());
            ScoreReports.riskCoverage(run, report, "Risk–coverage on " + c.evalName() + " rows", curves, c.eval().labels());
            ScoreReports.curves(run, log, report, "L-BFGS iteration");
        }
        report.code(String.join(" ", commandLine)).write(run.file("report.html"));
        return new Result(model, train.size(), fit.loss().length, fit.converged());
    }

    /** The model on its training rows and on the evaluation rows, next to the baselines. */
    private static Comparison compare(LogisticModel model, FeatureTable train, FeatureTable held) {
        ScoreMetrics trainM = ScoreMetrics.of(model.predict(train), train.labels());
        List<List<String>> rows = new ArrayList<>();
        rows.add(ScoreReports.metricsRow("logistic score — TRAINING rows", trainM, ScoreMetrics.areaUnderAccuracyCoverage(model.predict(train), train.labels())));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("train", trainM);
        FeatureTable eval = held != null ? held : train;
        String evalName = held != null ? "held-out" : "TRAINING";
        int best = bestSingleFeature(train);
        double sign = ScoreMetrics.auroc(train.column(best), train.labels()) >= 0.5 ? 1 : -1;
        double[] baseline = eval.column(best).clone();
        for (int i = 0; i < baseline.length; i++) baseline[i] *= sign;
        double[] p = model.predict(eval);
        if (held != null) {
            ScoreMetrics heldM = ScoreMetrics.of(p, held.labels());
            summary.put("heldout", heldM);
            rows.add(ScoreReports.metricsRow("logistic score — held-out rows", heldM, ScoreMetrics.areaUnderAccuracyCoverage(p, held.labels())));
            double[] constant = new double[held.size()];
            Arrays.fill(constant, trainM.positiveRate());
            rows.add(ScoreReports.metricsRow("baseline: constant training positive rate — held-out", ScoreMetrics.of(constant, held.labels()),
                    ScoreMetrics.areaUnderAccuracyCoverage(constant, held.labels())));
        }
        double baseAuc = ScoreMetrics.auroc(baseline, eval.labels());
        String baseName = "baseline: " + (sign < 0 ? "−" : "") + train.names().get(best) + " alone";
        rows.add(List.of(baseName + " — " + evalName, Integer.toString(eval.size()), "n/a", ScoreReports.f(baseAuc), "n/a", "n/a", "n/a",
                ScoreReports.f(ScoreMetrics.areaUnderAccuracyCoverage(baseline, eval.labels()))));
        summary.put("baseline", Map.of("feature", train.names().get(best), "sign", sign, "auroc", baseAuc));
        return new Comparison(rows, summary, eval, evalName, p, baseName, baseline);
    }

    private static List<List<String>> weightRows(LogisticModel model) {
        List<List<String>> weights = new ArrayList<>();
        for (int j = 0; j < model.features().size(); j++) {
            weights.add(List.of(model.features().get(j), ScoreReports.f(model.weights()[j]), ScoreReports.f(model.mean()[j]), ScoreReports.f(model.std()[j])));
        }
        weights.add(List.of("(bias)", ScoreReports.f(model.bias()), "", ""));
        return weights;
    }

    /** The column whose AUROC on the labels is farthest from 0.5 (either direction); the first on ties. */
    static int bestSingleFeature(FeatureTable t) {
        int best = 0;
        double bestGap = -1;
        for (int j = 0; j < t.names().size(); j++) {
            double gap = Math.abs(ScoreMetrics.auroc(t.column(j), t.labels()) - 0.5);
            if (gap > bestGap) {
                bestGap = gap;
                best = j;
            }
        }
        return best;
    }
}
