package dev.retort.kd.distill;

import dev.retort.core.io.BadRecords;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.LineChart;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.run.RunDirectory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** report.html of a distillation run: loss curves, weight and temperature schedules, the final metric table. */
final class DistillReport {
    private DistillReport() {
    }

    static void write(RunDirectory run, MetricsLogger metrics, LossPlan plan, Distiller.Result result, DistillOptions o, BadRecords bad) {
        List<LineChart.Series> losses = new ArrayList<>();
        losses.add(metrics.series(StepLog.LOSS + "total", "total (weighted)"));
        for (String c : plan.components()) {
            var s = metrics.series(StepLog.LOSS + c, c + " (raw)");
            if (s.x().length > 0) losses.add(s);
        }
        LineChart.write(run.file("loss_curves.png"), "Loss per component", "optimizer step", "loss", losses);
        List<LineChart.Series> weights = new ArrayList<>();
        for (String c : plan.components()) weights.add(metrics.series(StepLog.WEIGHTS + c, c));
        LineChart.write(run.file("weight_schedule.png"), "Loss weights (" + plan.schedule().name() + ")", "optimizer step", "weight", weights);
        LineChart.write(run.file("temperature_lr.png"), "Temperature and learning rate ×1000", "optimizer step", "value",
                List.of(metrics.series(StepLog.HYPERPARAMS + "temperature", "temperature"), scaled(metrics.series(StepLog.HYPERPARAMS + "learning_rate", "lr"), 1000)));
        List<LineChart.Series> valid = new ArrayList<>();
        for (String k : List.of("exact_match", "bleu", "f1_micro", "pans", "ast_validity")) {
            var s = metrics.series(StepLog.VALIDATION + k, k);
            if (s.x().length > 0) valid.add(s);
        }
        HtmlReport html = new HtmlReport("retort kd distill");
        html.paragraph(String.format(Locale.ROOT, "Student %s with %,d parameters, %d optimizer steps in %.1f s. Loss %s over %s, "
                        + "weights %s, temperature %.2f → %.2f. Final metrics on the %s.", o.model().studentSize(), result.parameters(),
                result.optimizerSteps(), result.trainSeconds(), plan.mode().cliName(), plan.components(), plan.schedule().name(),
                o.schedule().temperature(), o.schedule().temperatureEnd(), result.evaluatedOn()));
        List<List<String>> rows = new ArrayList<>();
        result.finalMetrics().asMap().forEach((k, v) -> rows.add(List.of(k, Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.4f", v))));
        html.table("Final metrics (" + result.finalMetrics().examples() + " examples, " + result.evaluatedOn() + ")",
                List.of("metric", "value"), rows);
        html.image("Loss per component (raw values; sequence-level terms show the mean cost of the samples)", run.file("loss_curves.png"));
        html.image("Weight schedule", run.file("weight_schedule.png"));
        html.image("Temperature and learning rate", run.file("temperature_lr.png"));
        if (!valid.isEmpty()) {
            LineChart.write(run.file("validation.png"), "Validation metrics", "optimizer step", "score", valid);
            html.image("Validation metrics", run.file("validation.png"));
        }
        Map<String, Object> comp = new LinkedHashMap<>();
        if (result.lossSummary().get("components") instanceof Map<?, ?> m) m.forEach((k, v) -> comp.put(String.valueOf(k), v));
        List<List<String>> compRows = new ArrayList<>();
        comp.forEach((k, v) -> {
            Map<?, ?> e = (Map<?, ?>) v;
            compRows.add(List.of(k, fmt(e.get("mean_raw")), fmt(e.get("mean_weighted")), fmt(e.get("share_of_weighted_total")),
                    fmt(e.get("weight_start")) + " → " + fmt(e.get("weight_end"))));
        });
        html.table("Loss components over the run", List.of("component", "mean raw", "mean weighted", "share", "weight"), compRows);
        html.skippedRecords(bad);
        html.paragraph("Files: training_report.json, training_metrics.csv, step_metrics.csv, epoch_N_summary.json, "
                + "distillation_log.txt, predictions_final.jsonl, metrics_final.csv, multi_component_loss_summary.json, "
                + "final_model/, tensorboard/.");
        html.write(run.file("report.html"));
    }

    private static LineChart.Series scaled(LineChart.Series s, double f) {
        double[] y = s.y().clone();
        for (int i = 0; i < y.length; i++) y[i] *= f;
        return new LineChart.Series(s.name(), s.x(), y);
    }

    private static String fmt(Object o) {
        return o instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : "—";
    }
}
