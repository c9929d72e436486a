package dev.retort.kd.schedule;

/** The distillation temperature over training: a ramp (default 4.0 → 1.5) or a fixed value. */
public record TemperatureSchedule(Ramp ramp) {
    public static TemperatureSchedule annealed(double start, double end) {
        if (!(start > 0) || !(end > 0)) throw new dev.retort.core.BadInputException("temperatures must be > 0");
        return new TemperatureSchedule(new Ramp(start, end));
    }

    public static TemperatureSchedule fixed(double t) {
        return annealed(t, t);
    }

    public double at(double progress) {
        return ramp.at(progress);
    }
}
