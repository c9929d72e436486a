package dev.retort.score;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.retort.core.io.CsvWriter;
import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.LineChart;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.run.RunDirectory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Charts and tables that several score commands put in their run directory and report. */
public final class ScoreReports {
    private ScoreReports() {
    }

    /** An insertion-ordered map from alternating keys and values. */
    public static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** A record's components as an insertion-ordered map, as run.json records a trainer's configuration. */
    static Map<String, Object> fields(Record r) {
        return new LinkedHashMap<>(Json.MAPPER.convertValue(r, FIELDS));
    }

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
    };

    /** Four decimals, or "n/a" for NaN. */
    /** The epochs a run did: "50", or "20 of 50 (paused; continue with --resume)" for a run stopped early as asked. */
    public static String epochs(int done, int planned, boolean paused) {
        return paused ? done + " of " + planned + " (paused; continue with --resume)" : Integer.toString(done);
    }

    public static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** Loss curves (tags loss/…) and entropy curves (tags entropy/…) as two PNGs, added to the report. */
    public static void curves(RunDirectory run, MetricsLogger log, HtmlReport report, String xLabel) {
        for (String prefix : List.of("loss", "entropy")) {
            List<LineChart.Series> series = new ArrayList<>();
            for (String tag : log.tags()) if (tag.startsWith(prefix + "/")) series.add(log.series(tag, tag));
            if (series.isEmpty()) continue;
            Path png = run.file(prefix + "_curve.png");
            LineChart.write(png, prefix.equals("loss") ? "Loss" : "Mean entropy", xLabel, prefix, series);
            report.image(prefix.equals("loss") ? "Loss per " + xLabel + " (also in tensorboard/)" : "Mean entropy per " + xLabel, png);
        }
    }

    /** A labelled score's metrics as table rows. */
    public static List<String> metricsRow(String name, ScoreMetrics m, double aurc) {
        return List.of(name, Integer.toString(m.n()), f(m.logLoss()), f(m.auroc()), f(m.brier()), f(m.ece()), f(m.accuracy()), f(aurc));
    }

    /** The header of {@link #metricsRow} tables. */
    public static final List<String> METRICS_HEADER = List.of("score", "rows", "log-loss", "AUROC", "Brier", "ECE", "accuracy@0.5", "area under accuracy–coverage");

    /**
     * Risk–coverage curves of several scores on the same labels: accuracy of the kept items when only the
     * top-c most confident are kept. Writes risk_coverage.png and risk_coverage.csv.
     */
    public static void riskCoverage(RunDirectory run, HtmlReport report, String caption, Map<String, double[]> scores, double[] labels) {
        List<LineChart.Series> series = new ArrayList<>();
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (var e : scores.entrySet()) {
            double[][] rc = ScoreMetrics.riskCoverage(e.getValue(), labels);
            curves.put(e.getKey(), rc);
            series.add(new LineChart.Series(e.getKey(), rc[0], rc[1]));
        }
        Path png = run.file("risk_coverage.png");
        LineChart.write(png, "Accuracy of kept items vs coverage", "coverage (fraction of items kept, most confident first)", "accuracy of kept items", series);
        List<String> header = new ArrayList<>(List.of("coverage"));
        header.addAll(curves.keySet());
        try (CsvWriter csv = CsvWriter.create(run.file("risk_coverage.csv"), header)) {
            int n = labels.length;
            for (int k = 0; k < n; k++) {
                List<Object> row = new ArrayList<>(List.of(curves.values().iterator().next()[0][k]));
                for (double[][] c : curves.values()) row.add(c[1][k]);
                csv.row(row.toArray());
            }
        }
        report.image(caption, png);
    }
}
