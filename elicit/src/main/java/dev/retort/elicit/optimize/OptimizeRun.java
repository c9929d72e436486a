package dev.retort.elicit.optimize;

import dev.retort.core.Rng;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.report.Progress;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.PredictionTuple;
import dev.retort.elicit.evaluate.Evaluation;
import dev.retort.elicit.evaluate.LabelComparison;
import dev.retort.elicit.evaluate.Metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code retort elicit optimize} as a service: optionally calibrate the prior temperature on gold landmarks and learn the
 * loss weights, optimize the soft labels, compare with the baselines, and write labels.jsonl, metrics.json and
 * report.html into the run directory.
 *
 * @param landmarks    calibrate the prior temperature on this many gold-labelled claims (0: off)
 * @param learnWeights choose the loss weights by held-out predictive likelihood first
 * @param timeLoss     also time this many loss + gradient evaluations (0: off)
 */
public record OptimizeRun(OptimizeOptions options, int landmarks, boolean learnWeights, int timeLoss) {
    /**
     * What a run found: the options it ended with (calibrated temperature, learned weights), the problem, the labels,
     * the comparison rows, calibration, and metrics.json's content.
     */
    public record Outcome(OptimizeOptions options, LabelProblem problem, OptimizedLabels result, List<Evaluation.Row> rows,
                          Metrics.Calibration calibration, double lossGradientMs, Map<String, Object> metrics) {
    }

    /** @param notes one line per choice made on the way (calibrated temperature, learned weights) */
    public Outcome run(ClaimSet claims, List<PredictionTuple> tuples, long skippedRecords, Rng rng, RunDirectory run, Consumer<String> notes) {
        OptimizeOptions o = options;
        LabelProblem problem = LabelProblem.of(claims, tuples, o.rankGap());
        if (landmarks > 0) {
            TemperatureCalibration.Fit fit = TemperatureCalibration.fit(problem, landmarks, rng.fork("landmarks"));
            o = o.withTemperature(fit.temperature());
            notes.accept(String.format(Locale.ROOT, "prior temperature %.3f from %d gold landmarks (semi-supervised)", fit.temperature(), fit.used()));
        }
        if (learnWeights) {
            try (Progress p = Progress.start("weight search", WeightSearch.FITS)) {
                o = o.withWeights(WeightSearch.search(claims, tuples, o, rng.fork("weights"), () -> p.advance(1)).weights());
            }
            notes.accept("learned weights " + o.weights().asMap());
        }
        double lossMs = timeLoss > 0 ? LabelOptimizer.medianLossGradientMillis(problem, o, timeLoss) : Double.NaN;
        OptimizedLabels result = optimize(problem, o, run);
        LabelComparison c = LabelComparison.of(problem, o.label(), result, o.temperature());
        Map<String, Object> m = metrics(claims, problem, o, result, c, lossMs, skippedRecords);
        c.writeFound(run, "retort elicit optimize", m, result.lossHistory());
        return new Outcome(o, problem, result, c.rows(), c.calibration(), lossMs, m);
    }

    private static OptimizedLabels optimize(LabelProblem problem, OptimizeOptions o, RunDirectory run) {
        try (MetricsLogger metrics = run.metrics("metrics");
             Progress progress = Progress.start("optimize", o.maxIterations())) {
            int[] step = {0};
            return LabelOptimizer.optimize(problem, o, loss -> {
                metrics.log(step[0]++, "loss/total", loss);
                progress.advance(1);
                progress.message(String.format(Locale.ROOT, "loss %.5f", loss));
            });
        }
    }

    private Map<String, Object> metrics(ClaimSet claims, LabelProblem problem, OptimizeOptions o, OptimizedLabels result,
                                        LabelComparison c, double lossMs, long skippedRecords) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("claims", problem.claimCount());
        m.put("tuples", problem.tupleCount());
        m.put("claims_with_tuples", problem.coveredClaims());
        m.put("constraints", problem.constraintCount());
        m.put("gold_labels", claims.labelled());
        m.put("weights", o.weights().asMap());
        m.put("temperature", o.temperature());
        m.put("evidence", o.evidence().asMap());
        m.put("mean_epistemic", problem.uncertainty().meanOverCovered(problem.uncertainty().epistemic()));
        m.put("mean_aleatoric", problem.uncertainty().meanOverCovered(problem.uncertainty().aleatoric()));
        m.put("final_loss", result.loss());
        m.put("terms", termMap(result.terms()));
        m.put("evaluations", result.evaluations());
        m.put("converged", result.converged());
        m.put("stopped_by", result.stop().label());
        m.put("optimize_seconds", result.seconds());
        if (timeLoss > 0) m.put("loss_grad_ms_median", lossMs);
        m.putAll(c.accuracies());
        m.put("ece", c.calibration().ece());
        m.put("brier", c.calibration().brier());
        m.put("skipped_records", skippedRecords);
        return m;
    }

    /** The loss terms that were computed, by key. */
    public static Map<String, Double> termMap(double[] terms) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (var t : LossWeights.Term.values())
            if (!Double.isNaN(terms[t.ordinal()])) m.put(t.key(), terms[t.ordinal()]);
        return m;
    }
}
