package dev.retort.cli.route;

import dev.retort.cli.EngineOptions;
import dev.retort.core.Engine;
import dev.retort.core.run.RunDirectory;
import dev.retort.route.HeldOutSplit;
import dev.retort.route.RouteEvalReport;
import dev.retort.route.RouteEvaluation;
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

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measure retrieval on held-out questions (--split paraphrase or topic) over every answer of the data set: Hit@1/5/10 "
                        + "and MRR for the exact answer and for any answer of the same cluster_id.",
                "Each figure has a 95%% bootstrap interval and the paired difference to the raw embeddings (the first row). "
                        + "Rows: raw, each router, each adapter, the original full-space W refitted on the same clusters, and "
                        + "each --student (with teacher fidelity)."},
        footer = {"", "Example:",
                "  retort route eval --model runs/route --student runs/route-student --output-dir runs/route-eval",
                "  retort route eval --model runs/route --split topic --seed 42 --output-dir runs/route-eval-topic",
                "", "A '*' after a difference means its 95%% interval excludes zero."})
public final class EvalCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory from 'retort route fit'.")
    Path model;
    @Option(names = "--student", paramLabel = "DIR", description = "Student directory from 'retort route distill' (repeatable).")
    List<Path> students = new ArrayList<>();
    @Option(names = "--resamples", defaultValue = "2000", paramLabel = "N", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples;
    @Option(names = "--no-original", description = "Skip refitting the original pipeline's full-space maps for comparison.")
    boolean noOriginal;
    @Option(names = "--split", defaultValue = "paraphrase", paramLabel = "KIND",
            description = {"paraphrase: the distinct question texts the fit held out (other phrasings of their answers were "
                    + "trained on); topic: whole answer clusters (cluster_id) held out with this --seed, teacher and adapters "
                    + "refitted on the rest (students are refused) (default: ${DEFAULT-VALUE})."})
    String split;
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Where to write the report (default: results/route-eval-<timestamp>).")
    Path outputDir;

    @Override
    public void run() {
        Engine eng = engine.start();
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("model", model.toString());
        cfg.put("students", students.stream().map(Path::toString).toList());
        cfg.put("resamples", resamples);
        cfg.put("original", !noOriginal);
        HeldOutSplit.Kind splitKind = HeldOutSplit.Kind.parse(split);
        cfg.put("split", splitKind.cliName());
        RouteEvaluation.check(splitKind, students);
        List<Path> inputs = new ArrayList<>(List.of(model.resolve("teacher.safetensors"), model.resolve("embeddings/questions.npy")));
        for (Path s : students) inputs.add(s.resolve("student.safetensors"));
        RunDirectory run = RunDirectory.create("route-eval", outputDir, spec.commandLine().getParseResult().originalArgs(), cfg, inputs);

        RouteEvaluation.Result result = RouteEvaluation.run(model, students, resamples, !noOriginal, splitKind, eng.seed());
        var written = RouteEvalReport.write(result, run, model, students, resamples, eng.seed(),
                String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        var out = spec.commandLine().getOut();
        out.println(written.caption());
        out.print(written.markdown());
        out.println("report: " + run.file("report.html"));
    }
}
