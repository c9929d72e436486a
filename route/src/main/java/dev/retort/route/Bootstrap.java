package dev.retort.route;

import dev.retort.core.Rng;

import java.util.Arrays;

/**
 * Percentile bootstrap over queries. The resample indices are drawn once, so every method — and the paired
 * difference method − baseline — is judged on the same resamples.
 */
final class Bootstrap {
    /** Mean and 95% percentile interval. */
    record Interval(double mean, double low, double high) {
        boolean excludesZero() {
            return low > 0 || high < 0;
        }
    }

    private final int[][] samples;   // [resamples][n]

    Bootstrap(int n, int resamples, long seed) {
        Rng rng = new Rng(seed).fork("bootstrap");
        samples = new int[resamples][n];
        for (int[] s : samples) for (int i = 0; i < n; i++) s[i] = rng.nextInt(n);
    }

    Interval of(double[] values) {
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        if (samples.length == 0) return new Interval(mean, mean, mean);
        double[] means = new double[samples.length];
        for (int b = 0; b < samples.length; b++) {
            double sum = 0;
            for (int i : samples[b]) sum += values[i];
            means[b] = sum / values.length;
        }
        Arrays.sort(means);
        return new Interval(mean, means[(int) Math.floor(0.025 * (means.length - 1))], means[(int) Math.ceil(0.975 * (means.length - 1))]);
    }

    /** The paired difference a − b. */
    Interval difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) d[i] = a[i] - b[i];
        return of(d);
    }
}
