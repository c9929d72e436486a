package dev.retort.elicit.optimize;

import dev.retort.core.Rng;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.PredictionTuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Learns loss weights without gold labels by a hyper-objective: fit labels on 80% of the tuples, then score
 * how well those labels explain the other 20% — the normalized mutual-predictability loss of the held-out
 * tuples (lower = the labels predict unseen model outputs better). One pass of coordinate search over the
 * weights of mutual, consistency, ranking and entropy (prior fixed at its weight), each over {0, ½, 1, 2, 4}.
 */
public final class WeightSearch {
    static final double[] GRID = {0, 0.5, 1, 2, 4};
    static final LossWeights.Term[] SEARCHED = {LossWeights.Term.MUTUAL, LossWeights.Term.CONSISTENCY, LossWeights.Term.RANKING, LossWeights.Term.ENTROPY};
    /** Optimizer fits one search makes (for progress bars). */
    public static final int FITS = 1 + SEARCHED.length * GRID.length;

    private WeightSearch() {
    }

    public record Choice(LossWeights weights, double heldOutLoss) {
    }

    public static Choice search(ClaimSet claims, List<PredictionTuple> tuples, OptimizeOptions options, Rng rng, Runnable onFit) {
        List<PredictionTuple> train = new ArrayList<>(), heldOut = new ArrayList<>();
        for (PredictionTuple t : tuples) (rng.nextDouble() < 0.8 ? train : heldOut).add(t);
        LabelProblem fitOn = LabelProblem.of(claims, train, options.rankGap());
        LabelProblem scoreOn = LabelProblem.of(claims, heldOut, options.rankGap());
        LossWeights best = options.weights();
        double bestScore = score(fitOn, scoreOn, options.withWeights(best));
        onFit.run();
        for (LossWeights.Term term : SEARCHED) {
            LossWeights base = best;
            for (double w : GRID) {
                LossWeights candidate = base.with(term, w);
                double s = candidate.equals(base) ? bestScore : score(fitOn, scoreOn, options.withWeights(candidate));
                onFit.run();
                if (s < bestScore - 1e-9) {
                    bestScore = s;
                    best = candidate;
                }
            }
        }
        return new Choice(best, bestScore);
    }

    /** Held-out normalized mutual-predictability loss of the labels fitted with these weights. */
    static double score(LabelProblem fitOn, LabelProblem scoreOn, OptimizeOptions options) {
        double[] q = LabelOptimizer.optimize(fitOn, options).probability();
        double[] z = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            double zc = Math.log(q[i]) - Math.log1p(-q[i]);
            z[i] = CoherenceLoss.SQUASH * atanh(Math.max(-0.999999, Math.min(0.999999, zc / CoherenceLoss.SQUASH)));
        }
        try (CoherenceLoss loss = new CoherenceLoss(scoreOn, options.temperature())) {
            return loss.evaluate(z, new LossWeights(0, 1, 0, 0, 0)).loss();
        }
    }

    private static double atanh(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }
}
