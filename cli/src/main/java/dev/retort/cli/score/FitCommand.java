package dev.retort.cli.score;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.run.RunDirectory;
import dev.retort.score.ScoreFit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        engine.start();
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        ScoreFit.Options options = new ScoreFit.Options(features, labelField, columns, l2, maxIter, holdout);
        RunDirectory run = RunDirectory.create("score-fit", outputDir, args, options.config(), List.of(features));
        ScoreFit.Result r = ScoreFit.run(options, run, input.badRecords(), args);
        var out = spec.commandLine().getOut();
        out.println("fitted " + r.model().features().size() + " weights on " + r.trainRows() + " rows in " + r.iterations() + " L-BFGS iterations"
                + (r.converged() ? "" : " (not converged: raise --max-iter)"));
        out.println("metrics: " + run.file("metrics.json") + "\nwrote " + run.file("model.json"));
        return 0;
    }
}
