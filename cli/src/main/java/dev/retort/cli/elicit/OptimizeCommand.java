package dev.retort.cli.elicit;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.io.BadRecords;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.PredictionTuple;
import dev.retort.elicit.evaluate.Evaluation;
import dev.retort.elicit.optimize.OptimizeOptions;
import dev.retort.elicit.optimize.OptimizeRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
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
        OptimizeOptions options = optimizer.options();                   // bad option values fail before any file is read
        BadRecords bad = input.badRecords();
        ClaimSet claimSet = claims.load(bad);
        List<PredictionTuple> tupleList = files.read(bad);
        Map<String, Object> config = files.config(claims);
        config.put("exactly_one", claimSet.exactlyOne());
        config.put("weights", options.weights().asMap());
        config.put("method", options.method().name().toLowerCase(Locale.ROOT));
        config.put("temperature", options.temperature());
        config.put("max_iterations", options.maxIterations());
        config.put("learning_rate", options.learningRate());
        config.put("rank_gap", options.rankGap());
        config.put("evidence", options.evidence().asMap());
        config.put("landmarks", landmarks);
        config.put("learn_weights", learnWeights);
        RunDirectory run = files.createRun(spec, claims, config);
        var outcome = new OptimizeRun(options, landmarks, learnWeights, timeLoss)
                .run(claimSet, tupleList, bad.skipped(), engine.start().rng(), run, out::println);
        print(out, outcome, claimSet, bad, run);
        return 0;
    }

    private void print(PrintWriter out, OptimizeRun.Outcome o, ClaimSet claimSet, BadRecords bad, RunDirectory run) {
        var result = o.result();
        var problem = o.problem();
        out.printf(Locale.ROOT, "%d claims, %d tuples, %d constraints; %s: %d evaluations in %.2f s, loss %.5f, %s%n",
                problem.claimCount(), problem.tupleCount(), problem.constraintCount(),
                o.options().method().name().toLowerCase(Locale.ROOT), result.evaluations(), result.seconds(), result.loss(),
                result.converged() ? "converged" : "stopped at the iteration cap (--max-iterations " + o.options().maxIterations() + ") before converging");
        if (timeLoss > 0) out.printf(Locale.ROOT, "loss + gradient: %.3f ms (median of %d)%n", o.lossGradientMs(), timeLoss);
        if (claimSet.labelled() > 0) {
            for (Evaluation.Row r : o.rows()) out.printf(Locale.ROOT, "accuracy %-28s %.4f%n", r.method(), r.accuracy());
            out.printf(Locale.ROOT, "calibration: ECE %.4f, Brier %.4f%n", o.calibration().ece(), o.calibration().brier());
        }
        if (bad.skipped() > 0) out.println("skipped " + bad.skipped() + " bad records, e.g. " + bad.examples());
        out.println("wrote " + run.path().resolve("labels.jsonl") + " and report.html");
    }
}
