package dev.retort.cli.elicit;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.report.Progress;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.PredictionTuple;
import dev.retort.elicit.evaluate.ElicitReport;
import dev.retort.elicit.evaluate.Evaluation;
import dev.retort.elicit.evaluate.Metrics;
import dev.retort.elicit.optimize.LabelFile;
import dev.retort.elicit.optimize.LabelOptimizer;
import dev.retort.elicit.optimize.LabelProblem;
import dev.retort.elicit.optimize.OptimizeOptions;
import dev.retort.elicit.optimize.OptimizedLabels;
import dev.retort.elicit.optimize.TemperatureCalibration;
import dev.retort.elicit.optimize.WeightSearch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code retort elicit optimize}: soft labels that make the tuples coherent, by gradient descent. */
@Command(name = "optimize", mixinStandardHelpOptions = true,
        description = "Find labels that make the model's predictions coherent: soft labels q = σ(z) minimizing prior KL, " +
                "normalized mutual predictability, ranking, logical consistency and entropy terms (vectorized libtorch, float64), " +
                "with L-BFGS or AdamW. Writes labels.jsonl, metrics.json and report.html; prints accuracy when gold labels exist.",
        footer = {"", "Example:",
                "  retort elicit optimize --claims claims.jsonl --tuples tuples.jsonl --exactly-one --weights prior=1,mutual=2,consistency=2"})
public final class OptimizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;
    @Mixin
    ClaimOptions claims;
    @Mixin
    OptimizerOptions optimizer;

    @Mixin
    TupleRunOptions files;


    @Option(names = "--landmarks", defaultValue = "0", paramLabel = "N",
            description = "Calibrate the prior temperature on N randomly chosen gold-labelled claims (semi-supervised; default: ${DEFAULT-VALUE} = off).")
    int landmarks;

    @Option(names = "--learn-weights", description = "Choose loss weights by a hyper-objective: predictive log-likelihood of held-out tuples (coordinate search; slower).")
    boolean learnWeights;

    @Option(names = "--time-loss", defaultValue = "0", paramLabel = "REPS", description = "Also time REPS loss + gradient evaluations and report the median (benchmarks).")
    int timeLoss;

    @Override
    public Integer call() {
        engine.start();
        PrintWriter out = spec.commandLine().getOut();
        BadRecords bad = input.badRecords();
        ClaimSet claimSet = claims.load(bad);
        List<PredictionTuple> tupleList = files.read(bad);
        OptimizeOptions options = optimizer.options();
        LabelProblem problem = LabelProblem.of(claimSet, tupleList, options.rankGap());
        Map<String, Object> config = files.config(claims);
        config.put("exactly_one", claimSet.exactlyOne());
        config.put("weights", options.weights().asMap());
        config.put("method", options.method().name().toLowerCase(Locale.ROOT));
        config.put("temperature", options.temperature());
        config.put("max_iterations", options.maxIterations());
        config.put("learning_rate", options.learningRate());
        config.put("rank_gap", options.rankGap());
        config.put("landmarks", landmarks);
        config.put("learn_weights", learnWeights);
        RunDirectory run = files.createRun(spec, claims, config);

        if (landmarks > 0) {
            TemperatureCalibration.Fit fit = TemperatureCalibration.fit(problem, landmarks, engine.start().rng().fork("landmarks"));
            options = options.withTemperature(fit.temperature());
            out.printf(Locale.ROOT, "prior temperature %.3f from %d gold landmarks (semi-supervised)%n", fit.temperature(), fit.used());
        }
        if (learnWeights) {
            try (Progress p = Progress.start("weight search", WeightSearch.FITS)) {
                options = options.withWeights(WeightSearch.search(claimSet, tupleList, options, engine.start().rng().fork("weights"), () -> p.advance(1)).weights());
            }
            out.println("learned weights " + options.weights().asMap());
        }
        double lossMs = timeLoss > 0 ? LabelOptimizer.medianLossGradientMillis(problem, options, timeLoss) : Double.NaN;
        OptimizedLabels result;
        try (MetricsLogger metrics = run.metrics("metrics");
             Progress progress = Progress.start("optimize", options.maxIterations())) {
            int[] step = {0};
            result = LabelOptimizer.optimize(problem, options, loss -> {
                metrics.log(step[0]++, "loss/total", loss);
                progress.advance(1);
                progress.message(String.format(Locale.ROOT, "loss %.5f", loss));
            });
        }
        LabelFile.write(run.file("labels.jsonl"), claimSet, result.probability(), result.labels());
        List<Evaluation.Row> rows = Evaluation.compare(problem, "optimized (" + options.method().name().toLowerCase(Locale.ROOT) + ")", result, options.temperature());
        Metrics.Calibration cal = Metrics.calibration(claimSet.goldLabels(), result.probability(), 10);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("claims", problem.claimCount());
        m.put("tuples", problem.tupleCount());
        m.put("claims_with_tuples", problem.coveredClaims());
        m.put("constraints", problem.constraintCount());
        m.put("gold_labels", claimSet.labelled());
        m.put("weights", options.weights().asMap());
        m.put("temperature", options.temperature());
        m.put("final_loss", result.loss());
        m.put("terms", termMap(result.terms()));
        m.put("evaluations", result.evaluations());
        m.put("converged", result.converged());
        m.put("stopped_by", result.stop().label());
        m.put("optimize_seconds", result.seconds());
        if (timeLoss > 0) m.put("loss_grad_ms_median", lossMs);
        for (Evaluation.Row r : rows) m.put(r.key(), r.accuracy());
        m.put("ece", cal.ece());
        m.put("brier", cal.brier());
        m.put("skipped_records", bad.skipped());
        Json.write(run.file("metrics.json"), m);
        ElicitReport.write(run, "retort elicit optimize", m, rows, List.of(), cal, result.lossHistory());

        out.printf(Locale.ROOT, "%d claims, %d tuples, %d constraints; %s: %d evaluations in %.2f s, loss %.5f, %s%n",
                problem.claimCount(), problem.tupleCount(), problem.constraintCount(),
                options.method().name().toLowerCase(Locale.ROOT), result.evaluations(), result.seconds(), result.loss(),
                result.converged() ? "converged" : "stopped at the iteration cap (--max-iterations " + options.maxIterations() + ") before converging");
        if (timeLoss > 0) out.printf(Locale.ROOT, "loss + gradient: %.3f ms (median of %d)%n", lossMs, timeLoss);
        if (claimSet.labelled() > 0) {
            for (Evaluation.Row r : rows) out.printf(Locale.ROOT, "accuracy %-28s %.4f%n", r.method(), r.accuracy());
            out.printf(Locale.ROOT, "calibration: ECE %.4f, Brier %.4f%n", cal.ece(), cal.brier());
        }
        if (bad.skipped() > 0) out.println("skipped " + bad.skipped() + " bad records, e.g. " + bad.examples());
        out.println("wrote " + run.path().resolve("labels.jsonl") + " and report.html");
        return 0;
    }

    static Map<String, Double> termMap(double[] terms) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (var t : dev.retort.elicit.optimize.LossWeights.Term.values())
            if (!Double.isNaN(terms[t.ordinal()])) m.put(t.key(), terms[t.ordinal()]);
        return m;
    }
}
