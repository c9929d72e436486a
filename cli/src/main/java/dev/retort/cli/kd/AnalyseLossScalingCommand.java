package dev.retort.cli.kd;

import dev.retort.kd.distill.LossScalingAnalysis;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code retort kd analyse-loss-scaling}: the original pipeline's loss-scaling analysis of a distillation run. */
@Command(name = "analyse-loss-scaling", aliases = "analyze-loss-scaling",
        mixinStandardHelpOptions = true,
        description = {"Show each loss component's share of the weighted loss and of the gradient over a 'kd distill' run, from its "
                + "step_metrics.csv, and recommend the semantic β (--semantic-loss-scale) that brings the semantic term to the others' size.",
                "The gradient share is an estimate: the log has one gradient norm per step, split among the components in proportion "
                        + "to their weighted values. Printed, and written as JSON."},
        footer = {"", "Example:",
                "  retort kd analyse-loss-scaling --training-dir results/kd-distill-20260101-120000",
                "  retort kd analyse-loss-scaling --log-file results/trident/step_metrics.csv --out trident-scaling.json"})
public final class AnalyseLossScalingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = {"--training-dir", "--training_dir"}, paramLabel = "DIR", description = "Output directory of 'retort kd distill'.")
        Path trainingDir;
        @Option(names = {"--log-file", "--log_file"}, paramLabel = "FILE", description = "A step_metrics.csv.")
        Path logFile;
    }

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write the JSON (default: " + LossScalingAnalysis.OUT + " next to the step_metrics.csv).")
    Path out;

    @Override
    public Integer call() {
        Path log = source.trainingDir != null ? LossScalingAnalysis.logOf(source.trainingDir) : source.logFile;
        LossScalingAnalysis.Result r = LossScalingAnalysis.analyse(log);
        Path json = out != null ? out : log.toAbsolutePath().resolveSibling(LossScalingAnalysis.OUT);
        r.write(json);
        var w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s: %d steps, mean gradient norm %.4g%n", log, r.steps(), r.meanGradNorm());
        w.printf(Locale.ROOT, "%-12s %10s %10s %12s %10s %14s%n", "component", "mean raw", "weight", "mean weighted", "loss share", "gradient share");
        for (var c : r.components()) {
            w.printf(Locale.ROOT, "%-12s %10.4f %10.4f %12.4f %9.1f%% %13.1f%%%n", c.name(), c.meanRaw(), c.meanWeight(), c.meanWeighted(),
                    100 * c.lossShare(), 100 * c.gradientShare());
        }
        w.println(r.recommendation());
        w.println("wrote " + json);
        return 0;
    }
}
