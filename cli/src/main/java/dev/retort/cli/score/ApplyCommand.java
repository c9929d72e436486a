package dev.retort.cli.score;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.run.RunDirectory;
import dev.retort.score.ScoreApply;
import dev.retort.score.ScoreMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
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
        var o = new ScoreApply.Options(modelFile, features);
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        RunDirectory run = RunDirectory.create("score-apply", outputDir, args, Map.of(), o.inputs());
        ScoreApply.Result r = ScoreApply.run(o, run, input.badRecords(), String.join(" ", args));
        var out = spec.commandLine().getOut();
        ScoreMetrics m = r.metrics();
        if (m != null) out.printf("log-loss %.4f  AUROC %.4f  Brier %.4f  ECE %.4f  (%d rows)%n", m.logLoss(), m.auroc(), m.brier(), m.ece(), m.n());
        out.println("scored " + r.rows() + " rows\nwrote " + run.file("scores.csv"));
        return 0;
    }
}
