package dev.retort.route;

import dev.retort.core.io.CsvTable;
import dev.retort.core.report.LineChart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The heads × layers charts: held-out Hit@1 (with raw and teacher lines) and teacher fidelity, one line per head count. */
public final class SweepCharts {
    private SweepCharts() {
    }

    public static void write(List<StudentSweep.Point> points, double rawHit1, double teacherHit1, Path hitPng, Path fidelityPng) {
        chart(points, rawHit1, teacherHit1, hitPng, true);
        chart(points, rawHit1, teacherHit1, fidelityPng, false);
    }

    /** Points from the sweep.csv files of several distill runs (e.g. one per head count). */
    public static List<StudentSweep.Point> read(List<Path> studentDirs) {
        List<StudentSweep.Point> out = new ArrayList<>();
        for (Path dir : studentDirs) {
            Path csv = dir.resolve("sweep.csv");
            if (!Files.isRegularFile(csv)) continue;
            CsvTable t = CsvTable.read(csv);
            for (int r = 0; r < t.rows().size(); r++) {
                int width = t.columns().contains("width") ? (int) t.number(r, "width") : 0;          // 0: a sweep.csv from before widths followed heads
                out.add(new StudentSweep.Point((int) t.number(r, "heads"), (int) t.number(r, "layers"), width, (long) t.number(r, "parameters"),
                        t.number(r, "compression"), (int) t.number(r, "best_epoch"), t.number(r, "validation_loss"),
                        t.number(r, "heldout_fidelity"), t.number(r, "heldout_hit1"), t.number(r, "heldout_group_hit1"), t.number(r, "seconds")));
            }
        }
        return out;
    }

    private static void chart(List<StudentSweep.Point> points, double rawHit1, double teacherHit1, Path png, boolean hit) {
        Map<Integer, TreeMap<Integer, Double>> byHeads = new TreeMap<>();
        for (var p : points) byHeads.computeIfAbsent(p.heads(), h -> new TreeMap<>()).put(p.layers(), hit ? p.hit1() : p.fidelity());
        List<LineChart.Series> series = new ArrayList<>();
        byHeads.forEach((h, byLayers) -> series.add(new LineChart.Series("heads=" + h,
                byLayers.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                byLayers.values().stream().mapToDouble(Double::doubleValue).toArray())));
        if (hit && !Double.isNaN(rawHit1)) {
            double[] xs = points.stream().mapToDouble(StudentSweep.Point::layers).distinct().sorted().toArray();
            series.add(new LineChart.Series("raw embeddings", xs, Arrays.stream(xs).map(x -> rawHit1).toArray()));
            series.add(new LineChart.Series("teacher", xs, Arrays.stream(xs).map(x -> teacherHit1).toArray()));
        }
        LineChart.write(png, hit ? "held-out Hit@1 (exact answer) by heads × layers" : "held-out teacher fidelity by heads × layers",
                "layers", hit ? "Hit@1" : "mean cosine to teacher", series);
    }
}
