package dev.retort.cli.score;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.io.CsvWriter;
import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.run.RunDirectory;
import dev.retort.score.FeatureTable;
import dev.retort.score.LogisticModel;
import dev.retort.score.ScoreMetrics;
import dev.retort.score.ScoreReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "apply",
        mixinStandardHelpOptions = true,
        description = {"Scores a feature table with a model from 'retort score fit' and writes scores.csv (id, score).",
                "When the table has the model's label column, also reports metrics and the risk–coverage curve."},
        footer = {"", "Example:",
                "  retort score apply --model results/fit/model.json --features new.csv --output-dir results/apply"})
public final class ApplyCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "model.json", description = "Model written by retort score fit.")
    Path modelFile;
    @Option(names = "--features", required = true, paramLabel = "FILE", description = "Feature table (.csv or .jsonl) with the model's columns.")
    Path features;
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Run directory (default: results/score-apply-<time>).")
    Path outputDir;

    @Override
    public Integer call() {
        engine.start();
        RunDirectory run = RunDirectory.create("score-apply", outputDir, spec.commandLine().getParseResult().originalArgs(), Map.of(), List.of(modelFile, features));
        LogisticModel model = LogisticModel.load(modelFile);
        FeatureTable table = FeatureTable.read(features, model.features(), model.labelField(), input.badRecords());
        double[] p = model.predict(table);
        try (CsvWriter csv = CsvWriter.create(run.file("scores.csv"), List.of("id", "score"))) {
            for (int i = 0; i < p.length; i++) csv.row(table.ids().get(i), p[i]);
        }
        HtmlReport report = new HtmlReport("retort score apply")
                .keyValues("Run", ScoreReports.ordered("model", modelFile, "features", features, "rows", table.size(), "labelled", table.labels() != null));
        var out = spec.commandLine().getOut();
        if (table.labels() != null) {
            ScoreMetrics m = ScoreMetrics.of(p, table.labels());
            Json.write(run.file("metrics.json"), m);
            List<List<String>> rows = new ArrayList<>();
            rows.add(ScoreReports.metricsRow("logistic score", m, ScoreMetrics.areaUnderAccuracyCoverage(p, table.labels())));
            report.table("Metrics", ScoreReports.METRICS_HEADER, rows);
            ScoreReports.riskCoverage(run, report, "Risk–coverage", Map.of("logistic score", p), table.labels());
            out.printf("log-loss %.4f  AUROC %.4f  Brier %.4f  ECE %.4f  (%d rows)%n", m.logLoss(), m.auroc(), m.brier(), m.ece(), m.n());
        }
        report.code(String.join(" ", spec.commandLine().getParseResult().originalArgs())).write(run.file("report.html"));
        out.println("scored " + p.length + " rows\nwrote " + run.file("scores.csv"));
        return 0;
    }
}
