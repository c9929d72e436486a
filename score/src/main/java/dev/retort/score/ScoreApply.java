package dev.retort.score;

import dev.retort.core.io.BadRecords;
import dev.retort.core.io.CsvWriter;
import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.run.RunDirectory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code retort score apply}: scores a feature table with a {@link LogisticModel} from {@code score fit} and writes
 * scores.csv (id, score) and report.html into the run directory; when the table has the model's label column, also
 * metrics.json and the risk–coverage curve (risk_coverage.png, risk_coverage.csv).
 */
public final class ScoreApply {
    /** The options of {@code score apply}: the model.json of {@code score fit} and the table to score. */
    public record Options(Path model, Path features) {
        /** Every input file, for run.json's hashes. */
        public List<Path> inputs() {
            return List.of(model, features);
        }
    }

    /**
     * @param rows    the rows scored
     * @param metrics the score against the table's labels; null when the table has no label column
     */
    public record Result(int rows, ScoreMetrics metrics) {
    }

    private ScoreApply() {
    }

    /** Scores the table and writes the files into {@code run}; {@code commandLine} is quoted in report.html. */
    public static Result run(Options o, RunDirectory run, BadRecords bad, String commandLine) {
        LogisticModel model = LogisticModel.load(o.model());
        FeatureTable table = FeatureTable.read(o.features(), model.features(), model.labelField(), bad);
        double[] p = model.predict(table);
        try (CsvWriter csv = CsvWriter.create(run.file("scores.csv"), List.of("id", "score"))) {
            for (int i = 0; i < p.length; i++) csv.row(table.ids().get(i), p[i]);
        }
        HtmlReport report = new HtmlReport("retort score apply")
                .keyValues("Run", ScoreReports.ordered("model", o.model(), "features", o.features(), "rows", table.size(), "labelled", table.labels() != null));
        ScoreMetrics m = null;
        if (table.labels() != null) {
            m = ScoreMetrics.of(p, table.labels());
            Json.write(run.file("metrics.json"), m);
            report.table("Metrics", ScoreReports.METRICS_HEADER,
                    List.of(ScoreReports.metricsRow("logistic score", m, ScoreMetrics.areaUnderAccuracyCoverage(p, table.labels()))));
            ScoreReports.riskCoverage(run, report, "Risk–coverage", Map.of("logistic score", p), table.labels());
        }
        report.code(commandLine).write(run.file("report.html"));
        return new Result(p.length, m);
    }
}
