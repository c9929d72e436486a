package dev.retort.kd.logits;

/** log Σ exp(x) over a slice, computed from the maximum so it neither overflows nor underflows. */
final class LogSumExp {
    private LogSumExp() {
    }

    static double of(float[] x, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[offset + i]);
        if (max == Double.NEGATIVE_INFINITY) return max;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(x[offset + i] - max);
        return max + Math.log(sum);
    }
}
