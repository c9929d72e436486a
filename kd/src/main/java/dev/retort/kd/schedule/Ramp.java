package dev.retort.kd.schedule;

/** A value that moves linearly from {@code start} at progress 0 to {@code end} at progress 1. */
public record Ramp(double start, double end) {
    public static Ramp constant(double v) {
        return new Ramp(v, v);
    }

    /** @param progress clamped to [0, 1] */
    public double at(double progress) {
        double p = Math.clamp(progress, 0.0, 1.0);
        return start + (end - start) * p;
    }
}
