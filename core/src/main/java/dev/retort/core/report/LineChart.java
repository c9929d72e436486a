package dev.retort.core.report;

import dev.retort.core.RetortException;
import dev.retort.core.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** A headless 800×450 PNG line chart (XChart), written atomically; a NaN y value leaves a gap in its line. */
public final class LineChart {

    /** One named line; x and y have equal length. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " points, y has " + y.length);
        }
    }

    private LineChart() {
    }

    /**
     * XChart puts a tick on every x value when the x values are equally spaced (steps 1, 2, 3, … in every training
     * chart), so the labels of a long run's chart run together (knowm/XChart issue 731). One hidden point off that grid,
     * inside the range and without a y value, makes it choose round steps (200, 400, …) instead.
     */
    private static void roundXTicks(XYChart chart, List<Series> series) {
        double[] xs = series.stream().flatMapToDouble(s -> Arrays.stream(s.x())).filter(Double::isFinite).distinct().sorted().toArray();
        if (xs.length < 3) return;
        var hidden = chart.addSeries(TICK_HELPER, new double[]{xs[0] + 0.37 * (xs[1] - xs[0])}, new double[]{Double.NaN});
        hidden.setShowInLegend(false);
        hidden.setMarker(SeriesMarkers.NONE);
    }

    private static final String TICK_HELPER = "\u2060x-ticks";

    public static void write(Path png, String title, String xLabel, String yLabel, List<Series> series) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(450).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendVisible(series.size() > 1);
        for (Series s : series) {
            if (s.x().length == 0) continue;
            var added = chart.addSeries(s.name(), s.x(), s.y());
            added.setMarker(s.x().length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        roundXTicks(chart, series);
        AtomicFiles.write(png, out -> {
            try {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            } catch (IOException e) {
                throw new RetortException("cannot render chart '" + title + "': " + e.getMessage(), e);
            }
        });
    }
}
