package dev.retort.cli.route;

import dev.retort.cli.EngineOptions;
import dev.retort.core.Engine;
import dev.retort.core.io.AtomicFiles;
import dev.retort.core.io.CsvWriter;
import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.run.RunDirectory;
import dev.retort.route.HeldOutSplit;
import dev.retort.route.RetrievalEval;
import dev.retort.route.ResultTable;
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
        List<RetrievalEval.Row> rows = result.rows();

        try (CsvWriter csv = CsvWriter.create(run.file("results.csv"), List.of("method", "metric", "mean", "ci_low", "ci_high",
                "delta_vs_raw", "delta_ci_low", "delta_ci_high"))) {
            for (var r : rows) {
                r.cells().forEach((m, c) -> csv.row(r.method(), m, c.mean(), c.low(), c.high(), c.delta(), c.deltaLow(), c.deltaHigh()));
                r.extra().forEach((m, v) -> csv.row(r.method(), m, v, "", "", "", "", ""));
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("split", splitKind.cliName());
        metrics.put("split_description", splitKind.description());
        metrics.put("held_out_questions", result.heldOutQuestions());
        metrics.put("pairs", result.pairs());
        metrics.put("rows", rows);
        Json.write(run.file("metrics.json"), metrics);
        String markdown = ResultTable.markdown(rows);
        AtomicFiles.writeString(run.file("table.md"), markdown);
        var contents = Json.readTree(model.resolve("route-model.json"));
        String caption = "Split " + splitKind.cliName() + " (" + splitKind.description() + "): " + result.heldOutQuestions() + " of "
                + result.pairs() + " pairs held out, encoder " + contents.path("encoder").asText() + ", seed "
                + (splitKind == HeldOutSplit.Kind.PARAPHRASE ? contents.path("extra").path("seed").asText() + " (the fit's)" : eng.seed())
                + "; retrieval over all distinct answers; 95% bootstrap CIs (" + resamples + " resamples).";
        HtmlReport report = new HtmlReport("route: retrieval on held-out questions (" + splitKind.cliName() + " split)");
        report.paragraph(caption).table("Retrieval (value [95% CI]; Δ = paired difference to raw; * = CI excludes 0)",
                ResultTable.header(), ResultTable.cells(rows));
        var sweep = SweepCharts.read(students);
        if (!sweep.isEmpty()) {
            RetrievalEval.Row raw = rows.getFirst();
            double teacherHit1 = rows.stream().filter(r -> r.method().equals("federated, weighted router")).findFirst()
                    .map(r -> r.cells().get("hit1").mean()).orElse(Double.NaN);
            SweepCharts.write(sweep, raw.cells().get("hit1").mean(), teacherHit1, run.file("sweep-hit1.png"), run.file("sweep-fidelity.png"));
            report.image("Student architecture sweep (heads × layers): held-out Hit@1, raw and weighted-router teacher for reference",
                    run.file("sweep-hit1.png"));
            report.image("Student architecture sweep: mean cosine to the teacher on held-out questions", run.file("sweep-fidelity.png"));
        }
        report.code(String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        report.write(run.file("report.html"));
        var out = spec.commandLine().getOut();
        out.println(caption);
        out.print(markdown);
        out.println("report: " + run.file("report.html"));
    }
}
