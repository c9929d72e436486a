package dev.retort.elicit.evaluate;

import java.util.ArrayList;
import java.util.List;

/** Accuracy and calibration of labels against gold labels (1/0, −1 = unknown, skipped). */
public final class Metrics {
    private Metrics() {
    }

    /** Fraction of gold-labelled claims whose label matches; NaN when none has a gold label. */
    public static double accuracy(int[] gold, int[] labels) {
        int n = 0, right = 0;
        for (int i = 0; i < gold.length; i++) {
            if (gold[i] < 0) continue;
            n++;
            if (gold[i] == labels[i]) right++;
        }
        return n == 0 ? Double.NaN : (double) right / n;
    }

    /** One reliability bin: claims whose q fell in [lo, hi), their mean q and the fraction truly true. */
    public record Bin(double lo, double hi, int count, double meanProbability, double fractionTrue) {
    }

    /**
     * @param ece   expected calibration error: Σ_bins (count/n)·|mean q − fraction true|
     * @param brier mean (q − y)²
     */
    public record Calibration(double ece, double brier, List<Bin> bins) {
    }

    public static Calibration calibration(int[] gold, double[] q, int binCount) {
        int[] count = new int[binCount];
        double[] sumQ = new double[binCount], sumY = new double[binCount];
        int n = 0;
        double brier = 0;
        for (int i = 0; i < gold.length; i++) {
            if (gold[i] < 0) continue;
            int b = Math.min(binCount - 1, (int) (q[i] * binCount));
            count[b]++;
            sumQ[b] += q[i];
            sumY[b] += gold[i];
            brier += (q[i] - gold[i]) * (q[i] - gold[i]);
            n++;
        }
        if (n == 0) return new Calibration(Double.NaN, Double.NaN, List.of());
        double ece = 0;
        List<Bin> bins = new ArrayList<>();
        for (int b = 0; b < binCount; b++) {
            if (count[b] == 0) continue;
            double mq = sumQ[b] / count[b], fy = sumY[b] / count[b];
            ece += (double) count[b] / n * Math.abs(mq - fy);
            bins.add(new Bin((double) b / binCount, (double) (b + 1) / binCount, count[b], mq, fy));
        }
        return new Calibration(ece, brier / n, bins);
    }
}
