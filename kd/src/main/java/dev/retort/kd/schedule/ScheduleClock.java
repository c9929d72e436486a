package dev.retort.kd.schedule;

import java.util.Locale;

/**
 * Where training is, as a fraction in [0, 1] that schedules read: per {@link Granularity#EPOCH} it moves once an
 * epoch (epoch / (epochs − 1)), per {@link Granularity#STEP} every optimizer step (step / (steps − 1)).
 */
public record ScheduleClock(Granularity granularity, int epochs, long totalSteps) {
    public enum Granularity {
        EPOCH, STEP;

        public static Granularity parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "epoch" -> EPOCH;
                case "step" -> STEP;
                default -> throw new dev.retort.core.BadInputException("unknown schedule granularity '" + s + "': use epoch or step");
            };
        }
    }

    /** @param epoch 0-based; @param step 0-based optimizer step */
    public double at(int epoch, long step) {
        return switch (granularity) {
            case EPOCH -> epochs <= 1 ? 0.0 : (double) epoch / (epochs - 1);
            case STEP -> totalSteps <= 1 ? 0.0 : (double) step / (totalSteps - 1);
        };
    }
}
