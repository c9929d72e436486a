package dev.retort.kd.evaluate;

import dev.retort.core.Rng;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * 95 % percentile-bootstrap intervals for per-example scores that come in clusters — the per-assertion examples of one
 * test method are not independent, so whole methods are resampled with replacement (an example without a cluster is
 * its own). The draws come from a seeded {@link Rng}: the same examples and seed give the same interval.
 * {@link #pairedDifference} resamples the same clusters for both predictors, so it measures their difference on the
 * same assertions (a paired interval), not two independent spreads.
 */
public final class ClusterBootstrap {
    /** A mean and its 95 % interval. */
    public record Interval(double mean, double low, double high) {
        /** Whether the interval lies wholly above zero. */
        public boolean excludesZeroAbove() {
            return low > 0;
        }

        /** "mean [low, high]" with four decimals, as the tables print it. */
        public String format() {
            return String.format(java.util.Locale.ROOT, "%.4f [%.4f, %.4f]", mean, low, high);
        }
    }

    public static final int DEFAULT_RESAMPLES = 2000;

    private final int[] clusterOf;
    private final int clusters;
    private final long seed;
    private final int resamples;

    /** @param clusterIds one id per example (e.g. its test method); examples with equal ids are resampled together */
    public ClusterBootstrap(List<String> clusterIds, long seed, int resamples) {
        if (resamples < 1) throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
        Map<String, Integer> index = new HashMap<>();
        clusterOf = new int[clusterIds.size()];
        for (int i = 0; i < clusterOf.length; i++) clusterOf[i] = index.computeIfAbsent(clusterIds.get(i), k -> index.size());
        clusters = index.size();
        this.seed = seed;
        this.resamples = resamples;
    }

    /** The mean of the values and its interval. */
    public Interval mean(double[] values) {
        return interval(values);
    }

    /** The mean of a − b over the same examples and its paired interval. */
    public Interval pairedDifference(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException(a.length + " vs " + b.length + " values");
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) d[i] = a[i] - b[i];
        return interval(d);
    }

    private Interval interval(double[] values) {
        if (values.length != clusterOf.length) throw new IllegalArgumentException(values.length + " values for " + clusterOf.length + " examples");
        if (values.length == 0) return new Interval(Double.NaN, Double.NaN, Double.NaN);
        double[] sum = new double[clusters];
        int[] count = new int[clusters];
        double total = 0;
        for (int i = 0; i < values.length; i++) {
            sum[clusterOf[i]] += values[i];
            count[clusterOf[i]]++;
            total += values[i];
        }
        Rng rng = new Rng(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double s = 0;
            long n = 0;
            for (int c = 0; c < clusters; c++) {
                int pick = rng.nextInt(clusters);
                s += sum[pick];
                n += count[pick];
            }
            means[r] = s / n;
        }
        Arrays.sort(means);
        return new Interval(total / values.length, AssertionPredictor.quantile(means, 0.025), AssertionPredictor.quantile(means, 0.975));
    }
}
