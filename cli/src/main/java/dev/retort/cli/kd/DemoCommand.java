package dev.retort.cli.kd;

import dev.retort.cli.EngineOptions;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.distill.FeatureDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code retort kd demo}: the original pipeline's four feature demonstrations, each a real tiny run. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Demonstrate learning-rate warmup and decay, gradient accumulation, the multi-component loss and a production "
                + "configuration in about a minute, each with numbers from a real tiny distillation run on the bundled course-format sample.",
                "Exits 1 if a run's numbers do not show its feature."},
        footer = {"", "Example:",
                "  retort kd demo --output-dir results/kd-demo"})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engine;

    @Option(names = "--data", paramLabel = "FILE", description = "Course-format teacher-logit file (default: ${DEFAULT-VALUE}).")
    Path data = FeatureDemo.SAMPLE;

    @Option(names = {"--output-dir", "--output_dir"}, paramLabel = "DIR",
            description = "Where the four runs go, one folder each (default: results/kd-demo-<time>).")
    Path outputDir;

    @Override
    public Integer call() {
        engine.start();
        Path out = outputDir != null ? outputDir : RunDirectory.defaultPath("kd-demo");
        var w = spec.commandLine().getOut();
        var sections = FeatureDemo.run(data, out, s -> {
            w.println("== " + s.title() + (s.shown() ? "" : "  (NOT SHOWN)"));
            s.evidence().forEach(line -> w.println("   " + line));
            w.flush();
        });
        w.println("runs in " + out);
        return sections.stream().allMatch(FeatureDemo.Section::shown) ? 0 : 1;
    }
}
