package dev.retort.elicit.claims;

import java.util.List;
import java.util.Map;

/**
 * Two kinds of uncertainty about each claim, measured from the model's own predictions, never from gold labels.
 * <ul>
 *   <li><b>epistemic</b>: how much the claim's predictions disagree with each other across its tuples (an ensemble of
 *       contexts, orders and framings): 4·Var_k σ(d_k), in [0, 1]; 0 with fewer than two tuples (no spread measured).
 *       More evidence can shrink it.</li>
 *   <li><b>aleatoric</b>: how often the model's answers about the claim fail a consistency check, in [0, 1]: the mean,
 *       over the checks the claim takes part in, of the probability that answers drawn from the model fail it.
 *       Checks: framing (when the claim has tuples in both framings), p⁺(1 − p⁻) + (1 − p⁺)p⁻ with p± = σ(mean d in
 *       that framing); and each declared pair of its consistency group whose other claim has tuples, with
 *       p = σ(mean d) per claim: same key, p_i(1 − p_j) + (1 − p_i)p_j; different keys, p_i·p_j, plus
 *       (1 − p_i)(1 − p_j) on exactly-one data sets. 0 without checks. Asking the same questions again does not
 *       shrink it: the model contradicts itself.</li>
 * </ul>
 * Tuples whose target is not in the claim set are ignored (callers that must reject them check first).
 *
 * @param epistemic [N] per claim, in [0, 1]
 * @param aleatoric [N] per claim, in [0, 1]
 * @param tuples    [N] tuples that target each claim
 */
public record Uncertainty(double[] epistemic, double[] aleatoric, int[] tuples) {

    public static Uncertainty measure(ClaimSet claims, List<PredictionTuple> predictions) {
        int n = claims.size();
        Map<String, Integer> index = claims.index();
        int[] count = new int[n];
        double[] sumP = new double[n], sumP2 = new double[n], sumD = new double[n];
        double[][] framingSum = new double[2][n];
        int[][] framingCount = new int[2][n];
        for (PredictionTuple t : predictions) {
            Integer i = index.get(t.targetUid());
            if (i == null) continue;
            double d = t.logOdds(), p = sigmoid(d);
            count[i]++;
            sumP[i] += p;
            sumP2[i] += p * p;
            sumD[i] += d;
            int f = t.framing() == Framing.POSITIVE ? 0 : 1;
            framingSum[f][i] += d;
            framingCount[f][i]++;
        }
        double[] epistemic = new double[n], meanP = new double[n];
        for (int i = 0; i < n; i++) {
            if (count[i] == 0) continue;
            meanP[i] = sigmoid(sumD[i] / count[i]);
            double m = sumP[i] / count[i];
            if (count[i] > 1) epistemic[i] = Math.min(1, Math.max(0, 4 * (sumP2[i] / count[i] - m * m)));
        }
        return new Uncertainty(epistemic, aleatoric(claims, count, meanP, framingSum, framingCount), count);
    }

    /** Mean failure probability over each claim's framing and rule checks. */
    private static double[] aleatoric(ClaimSet claims, int[] count, double[] p, double[][] framingSum, int[][] framingCount) {
        int n = claims.size();
        double[] failures = new double[n];
        int[] checks = new int[n];
        for (int i = 0; i < n; i++) {
            if (framingCount[0][i] == 0 || framingCount[1][i] == 0) continue;
            double pos = sigmoid(framingSum[0][i] / framingCount[0][i]), neg = sigmoid(framingSum[1][i] / framingCount[1][i]);
            failures[i] += pos * (1 - neg) + (1 - pos) * neg;
            checks[i]++;
        }
        for (int[] g : claims.groups())
            for (int a = 0; a < g.length; a++)
                for (int b = a + 1; b < g.length; b++) {
                    int i = g[a], j = g[b];
                    String ki = claims.get(i).consistencyKey(), kj = claims.get(j).consistencyKey();
                    if (ki == null || kj == null || count[i] == 0 || count[j] == 0) continue;
                    double fail = ki.equals(kj) ? p[i] * (1 - p[j]) + (1 - p[i]) * p[j]
                            : p[i] * p[j] + (claims.exactlyOne() ? (1 - p[i]) * (1 - p[j]) : 0);
                    failures[i] += fail;
                    failures[j] += fail;
                    checks[i]++;
                    checks[j]++;
                }
        for (int i = 0; i < n; i++) if (checks[i] > 0) failures[i] /= checks[i];
        return failures;
    }

    public int size() {
        return epistemic.length;
    }

    /** Epistemic plus aleatoric, in [0, 2]: what adaptive collection budgets follow. */
    public double total(int i) {
        return epistemic[i] + aleatoric[i];
    }

    /** Mean of {@code values} over the claims that have tuples (0 when none has). */
    public double meanOverCovered(double[] values) {
        double s = 0;
        int c = 0;
        for (int i = 0; i < values.length; i++)
            if (tuples[i] > 0) {
                s += values[i];
                c++;
            }
        return c == 0 ? 0 : s / c;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
