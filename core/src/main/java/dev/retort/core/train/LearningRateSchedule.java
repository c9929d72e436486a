package dev.retort.core.train;

/**
 * Linear warmup from 0 to the base rate over {@code warmupSteps}, then linear decay to 0 at {@code totalSteps}.
 * {@link #withDefaultWarmup} reads a warmup of 0 as 10% of the steps (kd distill's command line).
 */
public record LearningRateSchedule(double base, long warmupSteps, long totalSteps) {
    public static LearningRateSchedule withDefaultWarmup(double base, long warmupSteps, long totalSteps) {
        return new LearningRateSchedule(base, warmupSteps > 0 ? warmupSteps : Math.max(1, totalSteps / 10), totalSteps);
    }

    /** The rate for optimizer step {@code step} (0-based). */
    public double at(long step) {
        if (step < warmupSteps) return base * (step + 1) / warmupSteps;
        long decay = Math.max(1, totalSteps - warmupSteps);
        return base * Math.max(0.0, (double) (totalSteps - step) / decay);
    }
}
