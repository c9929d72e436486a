package dev.retort.cli.score;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.Engine;
import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.run.RunDirectory;
import dev.retort.score.FeatureTable;
import dev.retort.score.LogisticFit;
import dev.retort.score.LogisticModel;
import dev.retort.score.ScoreMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "fit",
        mixinStandardHelpOptions = true,
        description = {"Fits the ensemble quality score ŷ = σ(wᵀx + b) on standardized features with L2 and L-BFGS.",
                "Holds out a seeded fraction of rows and reports log-loss, AUROC, Brier, ECE and the risk–coverage curve",
                "next to a baseline (the best single feature, chosen on the training rows). Writes model.json."},
        footer = {"", "Example:",
                "  retort score fit --features features.csv --label-field label --l2 1e-3 --holdout 0.3 --output-dir results/fit",
                "features: CSV with a header or JSONL; every numeric column except id/text/label is a feature unless --columns names them."})
public final class FitCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;
    @Spec
    CommandSpec spec;

    @Option(names = "--features", required = true, paramLabel = "FILE", description = "Feature table (.csv or .jsonl).")
    Path features;
    @Option(names = "--label-field", required = true, paramLabel = "FIELD", description = "0/1 (or true/false) column: 1 = the item is good.")
    String labelField;
    @Option(names = "--columns", split = ",", paramLabel = "A,B", description = "Feature columns to use (default: every numeric column).")
    List<String> columns = new ArrayList<>();
    @Option(names = "--l2", defaultValue = "1e-3", description = "L2 strength λ on mean log-loss + λ/2‖w‖² (default: ${DEFAULT-VALUE}; sklearn C = 1/(λ·n)).")
    double l2;
    @Option(names = "--max-iter", defaultValue = "200", description = "L-BFGS iterations at most (default: ${DEFAULT-VALUE}).")
    int maxIter;
    @Option(names = "--holdout", defaultValue = "0.3", description = "Fraction of rows held out for evaluation, 0 for none (default: ${DEFAULT-VALUE}).")
    double holdout;
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Run directory (default: results/score-fit-<time>).")
    Path outputDir;

    @Override
    public Integer call() {
        Engine e = engine.start();
        RunDirectory run = RunDirectory.create("score-fit", outputDir, ScoreReports.args(spec),
                ScoreReports.ordered("label_field", labelField, "columns", columns, "l2", l2, "max_iter", maxIter, "holdout", holdout), List.of(features));
        FeatureTable all = FeatureTable.read(features, columns, labelField, input.badRecords());
        if (all.labels() == null) throw new dev.retort.core.BadInputException(features + ": no label column '" + labelField + "'; name it with --label-field");
        FeatureTable[] parts = holdout == 0 ? new FeatureTable[]{all, null} : all.split(holdout, e.rng().fork("score-fit-split"));
        FeatureTable train = parts[0], held = parts[1];

        LogisticFit.Result fit = LogisticFit.fit(train, labelField, l2, maxIter);
        LogisticModel model = fit.model();
        model.save(run.file("model.json"));
        HtmlReport report = new HtmlReport("retort score fit");
        try (MetricsLogger log = run.metrics("metrics")) {
            for (int i = 0; i < fit.loss().length; i++) {
                log.log(i + 1, Map.of("loss/train", fit.loss()[i], "entropy/mean_binary_normalized", fit.meanEntropy()[i]));
            }
            ScoreMetrics trainM = ScoreMetrics.of(model.predict(train), train.labels());
            List<List<String>> rows = new ArrayList<>();
            rows.add(ScoreReports.metricsRow("logistic score — TRAINING rows", trainM, ScoreMetrics.areaUnderAccuracyCoverage(model.predict(train), train.labels())));
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("train", trainM);
            FeatureTable eval = held != null ? held : train;
            String evalName = held != null ? "held-out" : "TRAINING";
            int best = bestSingleFeature(train);
            double sign = ScoreMetrics.auroc(train.column(best), train.labels()) >= 0.5 ? 1 : -1;
            double[] baseline = eval.column(best).clone();
            for (int i = 0; i < baseline.length; i++) baseline[i] *= sign;
            double[] p = model.predict(eval);
            if (held != null) {
                ScoreMetrics heldM = ScoreMetrics.of(p, held.labels());
                summary.put("heldout", heldM);
                rows.add(ScoreReports.metricsRow("logistic score — held-out rows", heldM, ScoreMetrics.areaUnderAccuracyCoverage(p, held.labels())));
                double rate = trainM.positiveRate();
                double[] constant = new double[held.size()];
                java.util.Arrays.fill(constant, rate);
                rows.add(ScoreReports.metricsRow("baseline: constant training positive rate — held-out", ScoreMetrics.of(constant, held.labels()), ScoreMetrics.areaUnderAccuracyCoverage(constant, held.labels())));
            }
            double baseAuc = ScoreMetrics.auroc(baseline, eval.labels());
            String baseName = "baseline: " + (sign < 0 ? "−" : "") + train.names().get(best) + " alone";
            rows.add(List.of(baseName + " — " + evalName, Integer.toString(eval.size()), "n/a", ScoreReports.f(baseAuc), "n/a", "n/a", "n/a",
                    ScoreReports.f(ScoreMetrics.areaUnderAccuracyCoverage(baseline, eval.labels()))));
            summary.put("baseline", Map.of("feature", train.names().get(best), "sign", sign, "auroc", baseAuc));
            summary.put("iterations", fit.loss().length);
            summary.put("converged", fit.converged());
            Json.write(run.file("metrics.json"), summary);

            List<List<String>> weights = new ArrayList<>();
            for (int j = 0; j < model.features().size(); j++) {
                weights.add(List.of(model.features().get(j), ScoreReports.f(model.weights()[j]), ScoreReports.f(model.mean()[j]), ScoreReports.f(model.std()[j])));
            }
            weights.add(List.of("(bias)", ScoreReports.f(model.bias()), "", ""));
            report.keyValues("Run", ScoreReports.ordered("features file", features, "rows (train / held-out)", train.size() + " / " + (held == null ? 0 : held.size()),
                            "label", labelField, "λ (L2)", l2, "L-BFGS iterations", fit.loss().length, "converged", fit.converged()))
                    .table("Metrics (" + evalName + " rows unless marked)", ScoreReports.METRICS_HEADER, rows)
                    .table("Weights on the standardized scale", List.of("feature", "weight", "mean", "std"), weights);
            Map<String, double[]> curves = new LinkedHashMap<>();
            curves.put("logistic score", p);
            curves.put(baseName, baseline);
            ScoreReports.riskCoverage(run, report, "Risk–coverage on " + evalName + " rows", curves, eval.labels());
            ScoreReports.curves(run, log, report, "L-BFGS iteration");
        }
        report.code(String.join(" ", ScoreReports.args(spec))).write(run.file("report.html"));
        var out = spec.commandLine().getOut();
        out.println("fitted " + model.features().size() + " weights on " + train.size() + " rows in " + fit.loss().length + " L-BFGS iterations"
                + (fit.converged() ? "" : " (not converged: raise --max-iter)"));
        out.println("metrics: " + run.file("metrics.json") + "\nwrote " + run.file("model.json"));
        return 0;
    }

    static int bestSingleFeature(FeatureTable t) {
        int best = 0;
        double bestGap = -1;
        for (int j = 0; j < t.names().size(); j++) {
            double gap = Math.abs(ScoreMetrics.auroc(t.column(j), t.labels()) - 0.5);
            if (gap > bestGap) {
                bestGap = gap;
                best = j;
            }
        }
        return best;
    }
}
