package dev.retort.route;

import dev.retort.core.io.AtomicFiles;
import dev.retort.core.io.CsvWriter;
import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.run.RunDirectory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link RouteEvaluation.Result} into its run directory: {@code results.csv} (one row per method and metric),
 * {@code metrics.json}, {@code table.md}, and {@code report.html} with the table, and the students' heads × layers
 * charts when their runs left a {@code sweep.csv}.
 */
public final class RouteEvalReport {
    private RouteEvalReport() {
    }

    /** The caption and the markdown table, as the command prints them. */
    public record Written(String caption, String markdown) {
    }

    public static Written write(RouteEvaluation.Result result, RunDirectory run, Path modelDir, List<Path> students, int resamples, long seed,
                                String commandLine) {
        List<RetrievalEval.Row> rows = result.rows();
        try (CsvWriter csv = CsvWriter.create(run.file("results.csv"), List.of("method", "metric", "mean", "ci_low", "ci_high",
                "delta_vs_raw", "delta_ci_low", "delta_ci_high"))) {
            for (var r : rows) {
                r.cells().forEach((m, c) -> csv.row(r.method(), m, c.mean(), c.low(), c.high(), c.delta(), c.deltaLow(), c.deltaHigh()));
                r.extra().forEach((m, v) -> csv.row(r.method(), m, v, "", "", "", "", ""));
            }
        }
        HeldOutSplit.Kind split = result.split();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("split", split.cliName());
        metrics.put("split_description", split.description());
        metrics.put("held_out_questions", result.heldOutQuestions());
        metrics.put("pairs", result.pairs());
        metrics.put("rows", rows);
        Json.write(run.file("metrics.json"), metrics);
        String markdown = ResultTable.markdown(rows);
        AtomicFiles.writeString(run.file("table.md"), markdown);
        var contents = Json.readTree(modelDir.resolve("route-model.json"));
        String caption = "Split " + split.cliName() + " (" + split.description() + "): " + result.heldOutQuestions() + " of "
                + result.pairs() + " pairs held out, encoder " + contents.path("encoder").asText() + ", seed "
                + (split == HeldOutSplit.Kind.PARAPHRASE ? contents.path("extra").path("seed").asText() + " (the fit's)" : seed)
                + "; retrieval over all distinct answers; 95% bootstrap CIs (" + resamples + " resamples).";
        HtmlReport report = new HtmlReport("route: retrieval on held-out questions (" + split.cliName() + " split)");
        report.paragraph(caption).table("Retrieval (value [95% CI]; Δ = paired difference to raw; * = CI excludes 0)",
                ResultTable.header(), ResultTable.cells(rows));
        var sweep = SweepCharts.read(students);
        if (!sweep.isEmpty()) {
            double teacherHit1 = rows.stream().filter(r -> r.method().equals("federated, weighted router")).findFirst()
                    .map(r -> r.cells().get("hit1").mean()).orElse(Double.NaN);
            SweepCharts.write(sweep, rows.getFirst().cells().get("hit1").mean(), teacherHit1, run.file("sweep-hit1.png"), run.file("sweep-fidelity.png"));
            report.image("Student architecture sweep (heads × layers): held-out Hit@1, raw and weighted-router teacher for reference",
                    run.file("sweep-hit1.png"));
            report.image("Student architecture sweep: mean cosine to the teacher on held-out questions", run.file("sweep-fidelity.png"));
        }
        report.code(commandLine);
        report.write(run.file("report.html"));
        return new Written(caption, markdown);
    }
}
