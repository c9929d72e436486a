package dev.retort.elicit.optimize;

import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.Framing;
import dev.retort.elicit.claims.PredictionTuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small seeded problems for the optimizer tests: pairs with one true claim, keys A/B independent of the label. */
final class SmallProblems {
    private SmallProblems() {
    }

    record Generated(ClaimSet claims, List<PredictionTuple> tuples, int[] gold) {
    }

    /** Same generative story as bench/elicit/generate_synthetic.py, at a smaller size. */
    static Generated pairs(long seed, int groups, int tuples, int context) {
        Random r = new Random(seed);
        int n = 2 * groups;
        int[] y = new int[n];
        double[] a = new double[n];
        List<Claim> claims = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            boolean firstTrue = r.nextBoolean();
            y[2 * g] = firstTrue ? 1 : 0;
            y[2 * g + 1] = firstTrue ? 0 : 1;
            boolean firstA = r.nextBoolean();
            for (int m = 0; m < 2; m++) {
                int i = 2 * g + m;
                a[i] = 0.29 + 1.5 * r.nextGaussian();
                claims.add(new Claim("c" + i, "Synthetic claim " + i + "\nI think this claim is ", y[i] == 1, "g" + g,
                        (m == 0) == firstA ? "A" : "B"));
            }
        }
        List<PredictionTuple> out = new ArrayList<>();
        for (int k = 0; k < tuples; k++) {
            int t = k % n;
            List<PredictionTuple.Shown> shown = new ArrayList<>();
            int right = 0;
            for (int j = 0; j < context; j++) {
                int c = r.nextInt(n - 1);
                if (c >= t) c++;
                boolean ok = r.nextDouble() < 0.8;
                right += ok ? 1 : 0;
                shown.add(new PredictionTuple.Shown("c" + c, ok == (y[c] == 1)));
            }
            double g = context == 0 ? 1 : (double) right / context;
            boolean positive = r.nextBoolean();
            double d = (2 * y[t] - 1) * (a[t] + 1.5 * (2 * g - 1)) + 0.5 * (positive ? 1 : -1) + 1.5 * r.nextGaussian();
            out.add(tuple("c" + t, shown, d));
        }
        return new Generated(new ClaimSet(claims, true), out, y);
    }

    static PredictionTuple tuple(String target, List<PredictionTuple.Shown> context, double logOdds) {
        return new PredictionTuple(target, context, 0, Framing.POSITIVE, logSigmoid(logOdds), logSigmoid(-logOdds), "test", "");
    }

    static double logSigmoid(double x) {
        return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
    }
}
