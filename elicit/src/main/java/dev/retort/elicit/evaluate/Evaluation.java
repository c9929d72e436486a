package dev.retort.elicit.evaluate;

import dev.retort.elicit.optimize.Baselines;
import dev.retort.elicit.optimize.LabelOptimizer;
import dev.retort.elicit.optimize.LabelProblem;
import dev.retort.elicit.optimize.LossWeights;
import dev.retort.elicit.optimize.OptimizeOptions;
import dev.retort.elicit.optimize.OptimizedLabels;

import java.util.ArrayList;
import java.util.List;

/** Labels measured against gold labels, beside the baselines, and an ablation over the loss terms. */
public final class Evaluation {
    private Evaluation() {
    }

    /** One line of a comparison table; accuracy is NaN without gold labels. */
    public record Row(String method, double accuracy, double ece, double brier, double seconds) {
        /** "accuracy/prior_argmax": the row's key in metrics.json. */
        public String key() {
            return "accuracy/" + method.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9+ ]", "").trim().replace(' ', '_');
        }
    }

    /** The method's labels, then prior argmax, prior with the consistency fix, and per-tuple majority. */
    public static List<Row> compare(LabelProblem problem, String method, OptimizedLabels result, double temperature) {
        int[] gold = problem.claims().goldLabels();
        Metrics.Calibration cal = Metrics.calibration(gold, result.probability(), 10);
        OptimizedLabels prior = LabelOptimizer.prior(problem, temperature);
        Metrics.Calibration priorCal = Metrics.calibration(gold, prior.probability(), 10);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(method, Metrics.accuracy(gold, result.labels()), cal.ece(), cal.brier(), result.seconds()));
        rows.add(new Row("prior argmax", Metrics.accuracy(gold, Baselines.priorArgmax(problem)), priorCal.ece(), priorCal.brier(), 0));
        rows.add(new Row("prior + consistency fix", Metrics.accuracy(gold, prior.labels()), priorCal.ece(), priorCal.brier(), 0));
        rows.add(new Row("per-tuple majority", Metrics.accuracy(gold, Baselines.majority(problem)), Double.NaN, Double.NaN, 0));
        return rows;
    }

    /**
     * The optimizer with all active terms, then with each active term switched off in turn, then each term
     * alone (prior kept, since without it nothing anchors the labels' sign).
     */
    public static List<Row> ablation(LabelProblem problem, OptimizeOptions options) {
        int[] gold = problem.claims().goldLabels();
        List<Row> rows = new ArrayList<>();
        LossWeights w = options.weights();
        rows.add(run(problem, options, "all active terms " + describe(w), gold));
        for (LossWeights.Term t : LossWeights.Term.values()) {
            if (w.get(t) == 0) continue;
            LossWeights without = w.with(t, 0);
            if (isZero(without)) continue;
            rows.add(run(problem, options.withWeights(without), "without " + t.key(), gold));
        }
        for (LossWeights.Term t : LossWeights.Term.values()) {
            if (t == LossWeights.Term.PRIOR || w.get(t) == 0) continue;
            LossWeights only = new LossWeights(w.prior(), 0, 0, 0, 0).with(t, w.get(t));
            rows.add(run(problem, options.withWeights(only), "prior + " + t.key() + " only", gold));
        }
        return rows;
    }

    private static Row run(LabelProblem problem, OptimizeOptions options, String name, int[] gold) {
        OptimizedLabels r = LabelOptimizer.optimize(problem, options);
        Metrics.Calibration c = Metrics.calibration(gold, r.probability(), 10);
        return new Row(name, Metrics.accuracy(gold, r.labels()), c.ece(), c.brier(), r.seconds());
    }

    private static boolean isZero(LossWeights w) {
        for (LossWeights.Term t : LossWeights.Term.values()) if (w.get(t) != 0) return false;
        return true;
    }

    static String describe(LossWeights w) {
        StringBuilder b = new StringBuilder("(");
        for (LossWeights.Term t : LossWeights.Term.values())
            if (w.get(t) != 0) b.append(b.length() > 1 ? ", " : "").append(t.key()).append('=').append(w.get(t));
        return b.append(')').toString();
    }
}
