package dev.retort.elicit.optimize;

import dev.retort.core.BadInputException;
import dev.retort.core.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * Landmark calibration of the prior temperature: the T that maximizes the likelihood of a few gold labels
 * under p = σ(mean log-odds / T). This uses gold labels, so a run that calls it is semi-supervised.
 */
public final class TemperatureCalibration {
    private TemperatureCalibration() {
    }

    public record Fit(double temperature, int used) {
    }

    public static Fit fit(LabelProblem p, int landmarks, Rng rng) {
        int[] gold = p.claims.goldLabels();
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < p.n; i++) if (gold[i] >= 0 && p.tupleCount[i] > 0) candidates.add(i);
        if (candidates.isEmpty()) throw new BadInputException("--landmarks needs gold-labelled claims with tuples; the claims have none");
        rng.shuffle(candidates);
        List<Integer> chosen = candidates.subList(0, Math.min(landmarks, candidates.size()));
        double bestT = 1, bestNll = Double.POSITIVE_INFINITY;
        for (int s = 0; s <= 400; s++) {
            double t = Math.exp(Math.log(0.02) + s * (Math.log(50) - Math.log(0.02)) / 400); // T from 0.02 to 50
            double nll = 0;
            for (int i : chosen) {
                double x = (gold[i] == 1 ? 1 : -1) * p.meanLogOdds[i] / t;
                nll += x >= 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
            }
            if (nll < bestNll) {
                bestNll = nll;
                bestT = t;
            }
        }
        return new Fit(bestT, chosen.size());
    }
}
