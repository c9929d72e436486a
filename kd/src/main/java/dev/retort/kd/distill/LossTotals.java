package dev.retort.kd.distill;

import dev.retort.kd.schedule.WeightSchedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Running sums of each component's raw and weighted value over steps, for epoch and run summaries. */
final class LossTotals {
    private final List<String> components;
    private final Map<String, double[]> raw = new LinkedHashMap<>();      // sum, count, first, last
    private final Map<String, double[]> weighted = new LinkedHashMap<>();
    private double total;
    private long steps;

    LossTotals(List<String> components) {
        this.components = components;
    }

    /** The running sums as plain values, for a checkpoint. */
    record Snapshot(Map<String, double[]> raw, Map<String, double[]> weighted, double total, long steps) {
    }

    Snapshot snapshot() {
        return new Snapshot(raw, weighted, total, steps);
    }

    static LossTotals restore(List<String> components, Snapshot s) {
        LossTotals t = new LossTotals(components);
        t.raw.putAll(s.raw());
        t.weighted.putAll(s.weighted());
        t.total = s.total();
        t.steps = s.steps();
        return t;
    }

    void add(Map<String, Double> rawValues, Map<String, Double> weightedValues) {
        rawValues.forEach((k, v) -> accumulate(raw, k, v));
        weightedValues.forEach((k, v) -> accumulate(weighted, k, v));
        total += weightedValues.values().stream().mapToDouble(Double::doubleValue).sum();
        steps++;
    }

    private static void accumulate(Map<String, double[]> m, String k, double v) {
        double[] a = m.computeIfAbsent(k, x -> new double[]{0, 0, v, v});
        a[0] += v;
        a[1]++;
        a[3] = v;
    }

    double meanTotal() {
        return steps == 0 ? Double.NaN : total / steps;
    }

    Map<String, Double> meanRaw() {
        return means(raw);
    }

    Map<String, Double> meanWeighted() {
        return means(weighted);
    }

    private Map<String, Double> means(Map<String, double[]> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String c : components) if (m.containsKey(c)) out.put(c, m.get(c)[0] / m.get(c)[1]);
        return out;
    }

    /** multi_component_loss_summary.json: per component its mean raw and weighted value, first/last raw, share. */
    Map<String, Object> summary(WeightSchedule schedule) {
        Map<String, Object> out = new LinkedHashMap<>();
        double weightedSum = 0;
        for (double[] a : weighted.values()) weightedSum += a[0];
        Map<String, Object> perComponent = new LinkedHashMap<>();
        for (String c : components) {
            Map<String, Object> e = new LinkedHashMap<>();
            double[] r = raw.get(c);
            double[] w = weighted.get(c);
            e.put("steps_computed", r == null ? 0 : (long) r[1]);
            if (r != null) {
                e.put("mean_raw", r[0] / r[1]);
                e.put("first_raw", r[2]);
                e.put("last_raw", r[3]);
                e.put("mean_weighted", w[0] / w[1]);
                e.put("share_of_weighted_total", weightedSum == 0 ? 0 : w[0] / weightedSum);
            }
            e.put("weight_start", schedule.ramps().get(c).start());
            e.put("weight_end", schedule.ramps().get(c).end());
            perComponent.put(c, e);
        }
        out.put("schedule", schedule.name());
        out.put("optimizer_steps", steps);
        out.put("mean_total_loss", meanTotal());
        out.put("components", perComponent);
        return out;
    }
}
