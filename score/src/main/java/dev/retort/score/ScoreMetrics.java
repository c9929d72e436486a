package dev.retort.score;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How good a probability p(good) is against 0/1 labels: log-loss, AUROC, Brier score, expected calibration
 * error (10 equal-width bins), accuracy at threshold 0.5, and the risk–coverage curve.
 */
public record ScoreMetrics(int n, double positiveRate, double logLoss, double auroc, double brier, double ece, double accuracy) {
    static final int ECE_BINS = 10;
    static final double CLIP = 1e-15;

    public static ScoreMetrics of(double[] p, double[] y) {
        int n = p.length;
        double ll = 0, brier = 0, pos = 0, correct = 0;
        for (int i = 0; i < n; i++) {
            double q = Math.min(1 - CLIP, Math.max(CLIP, p[i]));
            ll -= y[i] * Math.log(q) + (1 - y[i]) * Math.log1p(-q);
            brier += (p[i] - y[i]) * (p[i] - y[i]);
            pos += y[i];
            correct += ((p[i] >= 0.5) == (y[i] == 1)) ? 1 : 0;
        }
        return new ScoreMetrics(n, pos / n, ll / n, auroc(p, y), brier / n, ece(p, y), correct / n);
    }

    /** Mann–Whitney form with average ranks for ties; NaN when only one class is present. */
    public static double auroc(double[] score, double[] y) {
        int n = score.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
        double[] rank = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) rank[order[k]] = avg;
            i = j + 1;
        }
        double nPos = 0, rankSum = 0;
        for (int i = 0; i < n; i++) if (y[i] == 1) {
            nPos++;
            rankSum += rank[i];
        }
        double nNeg = n - nPos;
        if (nPos == 0 || nNeg == 0) return Double.NaN;
        return (rankSum - nPos * (nPos + 1) / 2) / (nPos * nNeg);
    }

    /** Σ_bins (|bin| / n)·|mean p − mean y| over 10 equal-width bins of p (p = 1 falls in the last bin). */
    public static double ece(double[] p, double[] y) {
        double[] sumP = new double[ECE_BINS], sumY = new double[ECE_BINS];
        int[] count = new int[ECE_BINS];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(ECE_BINS - 1, (int) Math.floor(p[i] * ECE_BINS));
            sumP[b] += p[i];
            sumY[b] += y[i];
            count[b]++;
        }
        double e = 0;
        for (int b = 0; b < ECE_BINS; b++) if (count[b] > 0) e += Math.abs(sumP[b] - sumY[b]) / p.length;
        return e;
    }

    /**
     * Accuracy (mean label) of the items kept when only the most confident fraction c is kept, for c = k/n,
     * k = 1..n (ties broken by input order). Returns {coverage[], accuracy[]}.
     */
    public static double[][] riskCoverage(double[] score, double[] y) {
        int n = score.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> score[i]).reversed());
        double[] coverage = new double[n], accuracy = new double[n];
        double good = 0;
        for (int k = 0; k < n; k++) {
            good += y[order[k]];
            coverage[k] = (k + 1) / (double) n;
            accuracy[k] = good / (k + 1);
        }
        return new double[][]{coverage, accuracy};
    }

    /** Area under the accuracy–coverage curve (mean of the curve's points); higher is better. */
    public static double areaUnderAccuracyCoverage(double[] score, double[] y) {
        return Arrays.stream(riskCoverage(score, y)[1]).average().orElse(Double.NaN);
    }
}
