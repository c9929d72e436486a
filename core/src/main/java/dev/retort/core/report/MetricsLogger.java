package dev.retort.core.report;

import dev.retort.core.io.CsvWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scalars of a run, written as they come to a long-format CSV ({@code step,tag,value,wall_time}) and to a
 * TensorBoard event file, and kept in memory so the run can chart them at the end.
 */
public final class MetricsLogger implements AutoCloseable {
    private final CsvWriter csv;
    private final TfEventWriter events;
    private final Map<String, List<double[]>> history = new LinkedHashMap<>();

    public MetricsLogger(Path csvFile, Path tensorboardDir) {
        this.csv = CsvWriter.create(csvFile, List.of("step", "tag", "value", "wall_time"));
        this.events = new TfEventWriter(tensorboardDir);
    }

    /** One scalar; the CSV row and the event are on disk (flushed, not synced) when this returns. */
    public synchronized void log(long step, String tag, double value) {
        record(step, tag, value);
        events.flush();
    }

    /** Several scalars of one step, e.g. {@code Map.of("loss", 0.3, "accuracy", 0.9)}. */
    public synchronized void log(long step, Map<String, ? extends Number> values) {
        values.forEach((tag, v) -> record(step, tag, v.doubleValue()));
        events.flush();
    }

    private void record(long step, String tag, double value) {
        double wall = System.currentTimeMillis() / 1e3;
        csv.row(step, tag, value, wall);
        events.scalar(tag, step, value);
        history.computeIfAbsent(tag, t -> new ArrayList<>()).add(new double[]{step, value});
    }

    /** A tag's (step, value) pairs so far, as a chart series. */
    public synchronized LineChart.Series series(String tag, String label) {
        List<double[]> points = history.getOrDefault(tag, List.of());
        double[] x = new double[points.size()], y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        return new LineChart.Series(label, x, y);
    }

    public synchronized List<String> tags() {
        return List.copyOf(history.keySet());
    }

    @Override
    public synchronized void close() {
        csv.close();
        events.close();
    }
}
