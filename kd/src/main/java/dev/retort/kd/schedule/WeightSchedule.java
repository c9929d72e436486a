package dev.retort.kd.schedule;

import java.util.LinkedHashMap;
import java.util.Map;

/** Per-component loss weights, each a {@link Ramp}; a fixed weighting is a schedule of constant ramps. */
public record WeightSchedule(String name, Map<String, Ramp> ramps) {
    public WeightSchedule {
        ramps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ramps));
    }

    public Map<String, Double> at(double progress) {
        Map<String, Double> w = new LinkedHashMap<>();
        ramps.forEach((k, r) -> w.put(k, r.at(progress)));
        return w;
    }

    public static WeightSchedule fixed(Map<String, Double> weights) {
        Map<String, Ramp> r = new LinkedHashMap<>();
        weights.forEach((k, v) -> r.put(k, Ramp.constant(v)));
        return new WeightSchedule("fixed", r);
    }
}
