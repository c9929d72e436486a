package dev.retort.elicit.evaluate;

import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.LineChart;
import dev.retort.core.run.RunDirectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The run's report.html: headline table, ablation, reliability diagram and loss curve. */
public final class ElicitReport {
    private ElicitReport() {
    }

    public static void write(RunDirectory run, String title, Map<String, ?> facts, List<Evaluation.Row> comparison,
                             List<Evaluation.Row> ablation, Metrics.Calibration calibration, List<Double> lossHistory) {
        HtmlReport r = new HtmlReport(title);
        r.keyValues("Run", facts);
        r.table("Accuracy against gold labels (NaN: no gold labels) beside the baselines", List.of("method", "accuracy", "ECE", "Brier", "seconds"),
                rows(comparison));
        if (ablation != null && !ablation.isEmpty())
            r.table("Ablation over loss terms", List.of("weights", "accuracy", "ECE", "Brier", "seconds"), rows(ablation));
        if (calibration != null && !calibration.bins().isEmpty()) {
            double[] x = calibration.bins().stream().mapToDouble(Metrics.Bin::meanProbability).toArray();
            double[] y = calibration.bins().stream().mapToDouble(Metrics.Bin::fractionTrue).toArray();
            LineChart.write(run.file("reliability.png"), "Reliability (ECE " + fmt(calibration.ece()) + ")", "mean q in bin", "fraction true",
                    List.of(new LineChart.Series("labels", x, y), new LineChart.Series("ideal", new double[]{0, 1}, new double[]{0, 1})));
            r.image("Reliability diagram of the soft labels q", run.file("reliability.png"));
            List<List<String>> bins = new ArrayList<>();
            for (Metrics.Bin b : calibration.bins())
                bins.add(List.of(fmt(b.lo()) + "–" + fmt(b.hi()), String.valueOf(b.count()), fmt(b.meanProbability()), fmt(b.fractionTrue())));
            r.table("Calibration bins", List.of("q range", "claims", "mean q", "fraction true"), bins);
        }
        if (lossHistory != null && lossHistory.size() > 1) {
            double[] x = new double[lossHistory.size()], y = new double[lossHistory.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
                y[i] = lossHistory.get(i);
            }
            LineChart.write(run.file("loss.png"), "Total loss", "outer step", "loss", List.of(new LineChart.Series("loss", x, y)));
            r.image("Loss after each outer optimizer step", run.file("loss.png"));
        }
        r.write(run.file("report.html"));
    }

    private static List<List<String>> rows(List<Evaluation.Row> rows) {
        List<List<String>> out = new ArrayList<>();
        for (Evaluation.Row row : rows)
            out.add(List.of(row.method(), fmt(row.accuracy()), fmt(row.ece()), fmt(row.brier()), fmt(row.seconds())));
        return out;
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(java.util.Locale.ROOT, "%.4f", v);
    }
}
