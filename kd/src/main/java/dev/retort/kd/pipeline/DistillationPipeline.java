package dev.retort.kd.pipeline;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.data.AssertionTask;
import dev.retort.kd.data.SplitSetting;
import dev.retort.kd.distill.DistillOptions;
import dev.retort.kd.distill.Distiller;
import dev.retort.kd.loss.LossMode;
import dev.retort.kd.evaluate.ExactMatchStats;
import dev.retort.kd.evaluate.ModelEvaluation;
import dev.retort.kd.logits.TeacherLogitsWriter;
import dev.retort.kd.logits.TopKFormat;
import dev.retort.kd.mine.MiningSources;
import dev.retort.text.metrics.MetricsSummary;
import dev.retort.text.embed.TextEmbedder;
import dev.retort.kd.mine.AssertionMiner;
import dev.retort.kd.model.AssertionGenerator;
import dev.retort.kd.teacher.TeacherLogitsExport;
import dev.retort.kd.teacher.TeacherTrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The kd main job in one run directory: mine the corpus ({@code data/}), train a retrieval teacher
 * ({@code teacher/}), export its top-k logits on the training split, distill a student ({@code distill/}), and
 * score teacher, student and the trivial baselines on the test split ({@code evaluate/}); {@code report.html}
 * holds the headline table and links to each stage's own report. Each finished stage leaves a file behind that
 * a rerun with {@code resume} takes as done; an interrupted teacher or student continues from its checkpoint.
 */
public final class DistillationPipeline {
    static final String LOGITS = "teacher_logits_train.jsonl";
    /**
     * Teacher steps between validations on 200 examples spread over the split (for the curves: the model kept is the last
     * one, as choosing among a few checkpoints on 200 examples picked a worse one), each of which also writes the
     * checkpoint --resume continues from.
     */
    static final int TEACHER_CHECKPOINT_EVERY = 500;
    /** The teacher stage scores its kept model on this many validation examples spread over the split (the test split is the evaluation). */
    static final int TEACHER_FINAL_EXAMPLES = 500;

    /**
     * One row of the headline table: a predictor's test-split metrics (for a model: of its checked output), with size,
     * latency and the metrics of the raw model text for models ({@code rawMetrics} null for baselines).
     */
    public record Row(String name, MetricsSummary metrics, MetricsSummary rawMetrics, ExactMatchStats exact, ExactMatchStats rawExact,
                      long parameters, double latencyP50Ms, double latencyP95Ms) {
    }

    /**
     * What the run produced: the task and split setting of its data, the headline rows (teacher, student, baselines) and
     * each stage's wall time.
     *
     * @param decoding     how each model's top-1 answer was decoded and its latency timed, e.g. {@code beam 5}
     * @param teacherStart where the teacher's training started: {@code from scratch} or {@code fine-tuned from <dir>}
     * @param identifiers  how both models read names: {@code abstracted} (per-example placeholders) or {@code as text}
     */
    public record Result(Path runDir, String task, String split, int testExamples, String decoding, String teacherStart, String identifiers,
                         List<Row> rows, Map<String, Double> stageSeconds) {
    }

    private final PipelineOptions o;
    private final RunDirectory run;
    private final Map<String, Double> stageSeconds = new LinkedHashMap<>();

    private DistillationPipeline(PipelineOptions o, RunDirectory run) {
        this.o = o;
        this.run = run;
    }

    /** @param embedder opened only if the loss or the metrics need sentence embeddings */
    public static Result run(PipelineOptions o, RunDirectory run, Supplier<TextEmbedder> embedder) {
        return new DistillationPipeline(o, run).run(embedder);
    }

    private Result run(Supplier<TextEmbedder> embedder) {
        Path data = stage("mine", this::mine);
        Path teacher = stage("train teacher", () -> trainTeacher(data));
        Path logits = stage("teacher logits", () -> exportLogits(teacher, data.resolve("train.jsonl")));
        Path student = stage("distill", () -> distill(teacher, logits, data.resolve("valid.jsonl"), embedder));
        List<AssertionExample> test = testSplit(data.resolve("test.jsonl"));
        List<Row> rows = stage("evaluate", () -> evaluate(teacher, student, data.resolve("train.jsonl"), test));
        Result result = new Result(run.path(), AssertionTask.of(test).label(), splitSetting(data), test.size(),
                o.evaluation().decoding().describe(ModelEvaluation.Options.DEFAULT_TOP_K),
                o.teacher().initFrom() == null ? "from scratch" : "fine-tuned from " + o.teacher().initFrom(),
                o.models().abstractIdentifiers() ? "abstracted" : "as text", rows, stageSeconds);
        Json.write(run.file("pipeline_summary.json"), summary(result));
        report(result);
        return result;
    }

    /** The test split, cut to --test-limit examples. */
    private List<AssertionExample> testSplit(Path file) {
        List<AssertionExample> test = AssertionDataset.read(file, BadRecords.failFast());
        return o.evaluation().testLimit() > 0 && test.size() > o.evaluation().testLimit() ? test.subList(0, o.evaluation().testLimit()) : test;
    }

    /** The split setting named in the data's mine_report.json ("unknown" for data that does not say). */
    private static String splitSetting(Path data) {
        Path report = data.resolve("mine_report.json");
        return Files.isRegularFile(report) ? Json.readTree(report).path("split").asText("new-class") : "unknown";
    }

    private <T> T stage(String name, Supplier<T> body) {
        long t0 = System.nanoTime();
        T out = body.get();
        stageSeconds.put(name, (System.nanoTime() - t0) / 1e9);
        return out;
    }

    private Path mine() {
        if (o.data().dir() != null) {
            for (String split : List.of("train", "valid", "test")) {
                if (!Files.isRegularFile(o.data().dir().resolve(split + ".jsonl"))) {
                    throw new BadInputException(o.data().dir() + ": no " + split + ".jsonl; point --data at the output of `retort kd mine`");
                }
            }
            return o.data().dir();
        }
        Path dir = run.file("data");
        if (o.resume() && Files.isRegularFile(dir.resolve("mine_report.json"))) return dir;
        List<AssertionMiner.Source> corpora = new ArrayList<>(o.data().artifacts().stream().map(AssertionMiner.Corpus::resolve).toList());
        List<String> trainOnly = MiningSources.trainOnly(o.data().trainArtifacts(), corpora);
        if (!trainOnly.isEmpty()) corpora.addAll(MiningSources.resolve(trainOnly, w -> System.err.println("warning: " + w)));
        AssertionMiner.mine(corpora, new AssertionMiner.Options(Engine.get().seed(), AssertionMiner.Options.DEFAULT_MAX_FOCAL_FILE_CHARS,
                o.data().task(), o.data().split()), dir, Set.copyOf(trainOnly));
        return dir;
    }

    private Path trainTeacher(Path data) {
        Path dir = run.file("teacher");
        if (o.resume() && Files.isRegularFile(dir.resolve("result.json"))) return dir.resolve("best");
        var defaults = TeacherTrainer.Options.defaults();
        var options = defaults
                .withModel(defaults.model().withPreset(o.models().teacherPreset(), o.models().dropout()).withVocabSize(o.models().vocabSize())
                        .withCopyFollow(o.models().copyFollow()).withInitFrom(o.teacher().initFrom()))
                .withInput(defaults.input().withLengths(o.models().maxInputLen(), o.models().maxOutputLen())
                        .withIdentifiers(o.models().abstractIdentifiers()).withFocalSignatures(o.models().focalSignatures())
                        .withAnalogicalHints(o.models().analogicalHints()))
                .withSchedule(defaults.schedule().withEpochs(o.teacher().epochs()).withBatches(o.training().batchSize() / o.training().workers(), o.training().workers())
                        .withLr(o.teacher().lr()).withEvalEvery(TEACHER_CHECKPOINT_EVERY))
                .withRun(defaults.evalExamples(), TEACHER_FINAL_EXAMPLES, TeacherTrainer.Keep.LAST, o.training().workers(), o.resume());
        RunDirectory teacherRun = RunDirectory.create("kd", dir, List.of("kd pipeline: train-teacher"), Map.of("options", options),
                List.of(data.resolve("train.jsonl"), data.resolve("valid.jsonl")));
        return new TeacherTrainer(options, teacherRun).train(data.resolve("train.jsonl"), data.resolve("valid.jsonl"), BadRecords.failFast())
                .bestModel();
    }

    private Path exportLogits(Path teacherDir, Path train) {
        Path file = run.file(LOGITS);
        if (o.resume() && Files.isRegularFile(file)) return file;
        AssertionGenerator teacher = AssertionGenerator.load(teacherDir);
        List<AssertionExample> examples = AssertionDataset.spread(AssertionDataset.read(train, BadRecords.failFast()), o.student().examples());
        try (TeacherLogitsWriter writer = TopKFormat.writer(file, o.student().topK(), "training", "retort-" + teacher.model().config().preset())) {
            TeacherLogitsExport.export(teacher.model(), teacher.encoder(), examples, writer, o.training().batchSize(), false, o.training().workers());
            writer.commit();
        }
        return file;
    }

    private Path distill(Path teacherDir, Path logits, Path valid, Supplier<TextEmbedder> embedder) {
        Path dir = run.file("distill");
        Path finalModel = dir.resolve("final_model");
        if (o.resume() && Files.isRegularFile(dir.resolve("training_report.json"))) return finalModel;
        // the legacy modes keep α·ce + (1 − α)·kl for the whole run; multi_component follows its preset (trident)
        boolean scheduled = LossMode.parse(o.student().lossFunction()) == LossMode.MULTI_COMPONENT;
        var d = DistillOptions.defaults();
        var options = d.withData(d.data().withPaths(logits, valid).withMaxSamples(0, 200).withTeacher(null, teacherDir.resolve("tokenizer.json"), teacherDir))
                .withModel(new DistillOptions.Model(o.models().studentSize(), o.models().dropout(), o.models().maxInputLen(), o.models().maxOutputLen(), o.models().copyFollow()))
                .withTraining(new DistillOptions.Training(o.student().epochs(), o.training().batchSize() / o.training().workers(), o.training().workers(),
                        o.training().workers()))
                .withOptimizer(d.optimizer().withLr(o.student().lr()))
                .withLoss(d.loss().withMode(o.student().lossFunction(), o.student().alpha()))
                .withSchedule(new DistillOptions.Schedule(scheduled, null, d.schedule().scheduleGranularity(), o.student().temperature(), o.student().temperature()))
                .withRun(new DistillOptions.Run(false, o.student().epochs(), 0, o.resume()));
        RunDirectory distillRun = RunDirectory.create("kd-distill", dir, List.of("kd pipeline: distill"), Map.of("options", options),
                List.of(logits, valid));
        Distiller.run(options, distillRun, embedder);
        return finalModel;
    }

    private List<Row> evaluate(Path teacherDir, Path studentDir, Path train, List<AssertionExample> test) {
        RunDirectory evalRun = RunDirectory.create("kd-evaluate", run.file("evaluate"), List.of("kd pipeline: evaluate"),
                Map.of("examples", test.size()), List.of(teacherDir, studentDir, train));
        var result = ModelEvaluation.run(new ModelEvaluation.Options(test, teacherDir, studentDir, o.models().maxOutputLen() + 1, 32,
                Math.min(o.evaluation().latencyExamples(), test.size()), AssertionDataset.read(train, BadRecords.failFast()), ModelEvaluation.Options.DEFAULT_TOP_K, Engine.get().seed(), null, o.evaluation().decoding()),
                evalRun, null);
        List<Row> rows = new ArrayList<>();
        for (var m : result.models()) {
            rows.add(new Row(m.role(), m.metrics(), m.rawMetrics(), m.exact(), m.rawExact(), m.parameters(), m.latencyP50Ms(), m.latencyP95Ms()));
        }
        for (var b : result.baselines()) rows.add(new Row(b.name(), b.metrics(), null, b.exact(), null, 0, Double.NaN, Double.NaN));
        return rows;
    }

    private static List<String> tableRow(String name, MetricsSummary s, ExactMatchStats e, String parameters, String latency) {
        return List.of(name, e.top1().format(), e.topK() == null ? "–" : e.topK().format(), e.minusBm25() == null ? "–" : e.minusBm25().format(),
                f(s.bleu()), f(s.pans()), f(s.astValidity()), parameters, latency);
    }


    private static Map<String, Object> summary(Result r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("task", r.task());
        json.put("split", r.split());
        json.put("test_examples", r.testExamples());
        json.put("decoding", r.decoding());
        json.put("teacher_start", r.teacherStart());
        json.put("identifiers", r.identifiers());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", row.name());
            m.put("parameters", row.parameters());
            m.put("latency_ms_p50", Double.isNaN(row.latencyP50Ms()) ? null : row.latencyP50Ms());
            m.put("latency_ms_p95", Double.isNaN(row.latencyP95Ms()) ? null : row.latencyP95Ms());
            m.put("metrics", ModelEvaluation.withExact(row.metrics(), row.exact()));
            if (row.rawMetrics() != null) m.put("raw_metrics", ModelEvaluation.withExact(row.rawMetrics(), row.rawExact()));
            rows.add(m);
        }
        json.put("rows", rows);
        json.put("stage_seconds", r.stageSeconds());
        return json;
    }

    private void report(Result r) {
        List<List<String>> rows = new ArrayList<>();
        for (Row row : r.rows()) {
            rows.add(tableRow(row.name(), row.metrics(), row.exact(), row.parameters() == 0 ? "–" : String.format(Locale.ROOT, "%,d", row.parameters()),
                    Double.isNaN(row.latencyP50Ms()) ? "–" : String.format(Locale.ROOT, "%.1f / %.1f", row.latencyP50Ms(), row.latencyP95Ms())));
            if (row.rawMetrics() != null) rows.add(tableRow(row.name() + ", raw model text", row.rawMetrics(), row.rawExact(), "", ""));
        }
        Map<String, String> stages = new LinkedHashMap<>();
        r.stageSeconds().forEach((k, v) -> stages.put(k, String.format(Locale.ROOT, "%.0f s", v)));
        Map<String, String> links = new LinkedHashMap<>();
        links.put("teacher training (loss curves, validation)", "teacher/report.html");
        links.put("distillation (loss components, weight schedules)", "distill/report.html");
        links.put("evaluation (per-metric table, predictions in evaluate/predictions_final.jsonl)", "evaluate/report.html");
        HtmlReport html = new HtmlReport("retort kd pipeline")
                .paragraph("Task " + r.task() + ", split " + r.split() + " (" + describe(r.split()) + "): teacher (" + r.teacherStart() + ") and student, names "
                        + (r.identifiers().equals("abstracted") ? "abstracted into per-example placeholders" : "read as text") + ", on the "
                        + r.testExamples() + " held-out test examples, next to the baselines. Exact match is per example, top-1 (" + r.decoding() + ") and top-"
                        + ModelEvaluation.Options.DEFAULT_TOP_K + " (beam), with 95 % bootstrap intervals over test methods; \"− BM25\" is the paired "
                        + "difference of top-1 exact match from the BM25 neighbour's on the same examples. A model's output keeps only the lines "
                        + "that parse as Java statements, or is its retrieved neighbour's assertions when none does; the \"raw model text\" rows "
                        + "score what the model wrote. Latency: CPU, batch 1, " + r.decoding() + ", milliseconds per example.")
                .table("Test split", List.of("predictor", "exact match top-1 [95 % CI]", "top-" + ModelEvaluation.Options.DEFAULT_TOP_K,
                        "top-1 − BM25 top-1", "BLEU-4", "PANS", "AST validity", "parameters", "latency p50 / p95 ms"), rows)
                .keyValues("Wall time per stage", stages)
                .links(links);
        Map<String, Path> charts = new LinkedHashMap<>();
        charts.put("Teacher: training and validation loss", run.file("teacher/loss.png"));
        charts.put("Student: distillation loss components", run.file("distill/loss_curves.png"));
        charts.forEach((caption, png) -> {
            if (Files.isRegularFile(png)) html.image(caption, png);
        });
        html.write(run.file("report.html"));
    }

    private static String describe(String split) {
        return switch (split) {
            case "in-project" -> "split by test method inside the project: the project's other tests are in training";
            case "new-class" -> "split by test class: every test class of the test split is unseen";
            default -> "as the given data was split";
        };
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4f", v);
    }
}
