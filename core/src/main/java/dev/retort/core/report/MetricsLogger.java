package dev.retort.core.report;

import dev.retort.core.RetortException;
import dev.retort.core.io.CsvTable;
import dev.retort.core.io.CsvWriter;

import java.io.IOException;
import java.nio.file.Files;
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

    private static final List<String> COLUMNS = List.of("step", "tag", "value", "wall_time");

    /** Starts both files afresh. */
    public MetricsLogger(Path csvFile, Path tensorboardDir) {
        this.csv = CsvWriter.create(csvFile, COLUMNS);
        this.events = new TfEventWriter(tensorboardDir);
    }

    private MetricsLogger(CsvWriter csv, TfEventWriter events) {
        this.csv = csv;
        this.events = events;
    }

    /**
     * Continues the metrics of an interrupted run that resumes after {@code upToStep}: CSV rows up to that step are
     * kept (later ones were written after the checkpoint and will be written again), the TensorBoard events are
     * rewritten from them so curves are not doubled, and {@link #series} includes them.
     */
    public static MetricsLogger resume(Path csvFile, Path tensorboardDir, long upToStep) {
        CsvWriter csv = CsvWriter.continueFrom(csvFile, COLUMNS, row -> Long.parseLong(row.get("step")) <= upToStep);
        if (Files.isDirectory(tensorboardDir)) {
            try (var old = Files.list(tensorboardDir)) {
                for (Path p : old.filter(Files::isRegularFile).toList()) Files.delete(p);
            } catch (IOException e) {
                throw new RetortException("cannot clear " + tensorboardDir + " for the resumed run: " + e.getMessage(), e);
            }
        }
        MetricsLogger logger = new MetricsLogger(csv, new TfEventWriter(tensorboardDir));
        for (Map<String, String> row : CsvTable.read(csvFile).rows()) {
            long step = Long.parseLong(row.get("step"));
            double value = Double.parseDouble(row.get("value"));
            logger.events.scalar(row.get("tag"), step, value);
            logger.history.computeIfAbsent(row.get("tag"), t -> new ArrayList<>()).add(new double[]{step, value});
        }
        logger.events.flush();
        return logger;
    }

    /** One scalar; the CSV row and the event are on disk (flushed, not synced) when this returns. */
    public synchronized void log(long step, String tag, double value) {
        record(step, tag, value);
        events.flush();
    }

    /**
     * Several scalars of one step, e.g. {@code Map.of("loss", 0.3, "accuracy", 0.9)}: in the map's order when it has one
     * (a {@link java.util.SequencedMap} such as {@code LinkedHashMap}), else by tag, so the same run writes the same file
     * ({@code Map.of}'s order changes from one JVM to the next).
     */
    public synchronized void log(long step, Map<String, ? extends Number> values) {
        Map<String, ? extends Number> ordered = values instanceof java.util.SequencedMap<String, ? extends Number> ? values : new java.util.TreeMap<>(values);
        ordered.forEach((tag, v) -> record(step, tag, v.doubleValue()));
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
