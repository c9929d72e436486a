package dev.retort.kd.evaluate;

import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;
import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.data.AssertionExample;
import dev.retort.text.metrics.AssertionMetrics;
import dev.retort.text.metrics.ExampleScores;
import dev.retort.text.metrics.MetricsSummary;
import dev.retort.text.embed.TextEmbedder;
import dev.retort.kd.model.AssertionGenerator;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.Seq2SeqModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code retort kd evaluate}: scores a teacher and/or a student model directory on the same examples and puts
 * them side by side — all assertion metrics of the checked output (and of the raw model text), parameter count, size
 * on disk, CPU latency per example (batch 1, decoded as the top-1 answer is, p50/p95; the two models take turns example
 * by example) and the student's speed-up over the teacher.
 */
public final class ModelEvaluation {
    private ModelEvaluation() {
    }

    /**
     * One model's line in the comparison: {@code metrics} score what a user is given (checked output, see
     * {@link AssertionPredictor#predict}), {@code rawMetrics} the model's text as it wrote it; {@code exact} and
     * {@code rawExact} their top-1 / top-k exact match with intervals.
     */
    public record ModelScores(String role, Path dir, long parameters, long bytesOnDisk, MetricsSummary metrics,
                              MetricsSummary rawMetrics, ExactMatchStats exact, ExactMatchStats rawExact,
                              double latencyP50Ms, double latencyP95Ms, int latencyExamples) {
    }

    /** A trivial predictor's line: its metrics and its exact match with intervals. */
    public record BaselineScores(String name, MetricsSummary metrics, ExactMatchStats exact) {
    }

    /**
     * The models side by side, the baselines when a training split was given, and the file's own stored predictions
     * when no model was (null otherwise).
     */
    public record Result(List<ModelScores> models, List<BaselineScores> baselines, BaselineScores stored) {
    }

    /**
     * @param baselineTrain training split the baselines are fitted on, or null for no baselines
     * @param topK          candidates per example for top-k exact match (a beam of this width; 1: greedy only)
     * @param seed          seed of the bootstrap intervals
     * @param stored        predictions stored with the examples (one per example), scored when no model is given; or null
     * @param decoding      how each model's top-1 answer is decoded (its latency is timed the same way)
     */
    public record Options(List<AssertionExample> examples, Path teacherModel, Path studentModel, int maxOutputLen,
                          int batchSize, int latencyExamples, List<AssertionExample> baselineTrain, int topK, long seed,
                          List<String> stored, AnswerDecoding decoding) {
        public static final int DEFAULT_TOP_K = 5;

        public Options {
            if (topK < 1) throw new BadInputException("--top-k must be at least 1, got " + topK);
            java.util.Objects.requireNonNull(decoding, "decoding");
            if (stored != null && stored.size() != examples.size()) {
                throw new IllegalArgumentException(stored.size() + " stored predictions for " + examples.size() + " examples");
            }
        }
    }

    /** A model scored on the examples, waiting for its latency, which is measured with the other model's. */
    private record Scored(String role, Path dir, AssertionGenerator generator, List<String> predictions, MetricsSummary metrics,
                          MetricsSummary rawMetrics, ExactMatchStats exact, ExactMatchStats rawExact) {
    }

    /** Examples shown with every model's answer in the report, so a reader sees what the numbers score. */
    private static final int SAMPLE_EXAMPLES = 8;

    public static Result run(Options o, RunDirectory run, TextEmbedder embedder) {
        if (o.teacherModel() == null && o.studentModel() == null && o.stored() == null) {
            throw new BadInputException("nothing to evaluate: pass --student-model-path and/or --teacher-model-path, "
                    + "or examples that carry " + StoredPredictions.FIELD);
        }
        ClusterBootstrap boot = new ClusterBootstrap(o.examples().stream().map(AssertionExample::methodId).toList(), o.seed(),
                ClusterBootstrap.DEFAULT_RESAMPLES);
        List<BaselineScores> baselines = o.baselineTrain() == null ? List.of() : Baselines.score(o.baselineTrain(), o.examples(), o.topK(), boot);
        double[] bm25Hits = baselines.isEmpty() ? null : baselines.getFirst().exact().hits();
        if (o.teacherModel() == null && o.studentModel() == null) return scoreStored(o, run, embedder, boot, bm25Hits, baselines);
        List<Scored> scored = scoreModels(o, embedder, boot, bm25Hits, run);
        int n = Math.min(o.latencyExamples(), o.examples().size());
        double[][] ms = AssertionPredictor.latenciesMs(scored.stream().map(Scored::generator).toList(), o.examples().subList(0, n), o.maxOutputLen(),
                o.decoding().latencyBeam(o.topK()));
        List<ModelScores> out = new ArrayList<>();
        for (int i = 0; i < scored.size(); i++) {
            Scored m = scored.get(i);
            out.add(new ModelScores(m.role(), m.dir(), m.generator().model().parameterCount(), sizeOnDisk(m.dir()), m.metrics(),
                    m.rawMetrics(), m.exact(), m.rawExact(), AssertionPredictor.quantile(ms[i], 0.5), AssertionPredictor.quantile(ms[i], 0.95), n));
        }
        write(run, out, baselines, null, o);
        writeReport(run, out, baselines, o, scored.stream().map(Scored::predictions).toList());
        return new Result(out, baselines, null);
    }

    /** No model: the examples' stored predictions scored like a model's output, paired with BM25 when it is there. */
    private static Result scoreStored(Options o, RunDirectory run, TextEmbedder embedder, ClusterBootstrap boot, double[] bm25Hits,
                                      List<BaselineScores> baselines) {
        List<String> references = o.examples().stream().map(AssertionExample::target).toList();
        List<ExampleScores> scores = new AssertionMetrics(embedder).score(references, o.stored());
        MetricsSummary summary = AssertionMetrics.summarize(scores);
        List<List<String>> candidates = o.stored().stream().map(List::of).toList();                  // one candidate each
        PredictionFiles.write(run.path(), "final", o.examples(), o.stored(), candidates, scores, summary,
                Map.of("role", "stored " + StoredPredictions.FIELD));
        BaselineScores stored = new BaselineScores("stored " + StoredPredictions.FIELD, summary,
                ExactMatchStats.of(references, candidates, 1, boot, bm25Hits));
        write(run, List.of(), baselines, stored, o);
        List<BaselineScores> columns = new ArrayList<>(List.of(stored));
        columns.addAll(baselines);
        writeReport(run, List.of(), columns, o, List.of(o.stored()));
        return new Result(List.of(), baselines, stored);
    }

    /**
     * Teacher and student scored, each with its own scorer; without an embedder (whose thread safety is the ONNX
     * session's) the two run at once on two threads — one core each, as libtorch runs at one intra-op thread.
     */
    private static List<Scored> scoreModels(Options o, TextEmbedder embedder, ClusterBootstrap boot, double[] bm25Hits, RunDirectory run) {
        List<Supplier<Scored>> jobs = new ArrayList<>();
        if (o.teacherModel() != null) jobs.add(() -> score("teacher", o.teacherModel(), o, new AssertionMetrics(embedder), boot, bm25Hits, run));
        if (o.studentModel() != null) jobs.add(() -> score("student", o.studentModel(), o, new AssertionMetrics(embedder), boot, bm25Hits, run));
        if (embedder != null || jobs.size() < 2) return jobs.stream().map(Supplier::get).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(jobs.size())) {
            List<CompletableFuture<Scored>> running = jobs.stream().map(job -> CompletableFuture.supplyAsync(job, pool)).toList();
            return running.stream().map(ModelEvaluation::join).toList();
        }
    }

    private static Scored join(CompletableFuture<Scored> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new RetortException("scoring failed: " + e.getCause(), e.getCause());
        }
    }

    /** One model's top-1 and top-k answers, scored, with its prediction files written. */
    private static Scored score(String role, Path dir, Options o, AssertionMetrics scorer, ClusterBootstrap boot, double[] bm25Hits,
                                RunDirectory run) {
        List<String> references = o.examples().stream().map(AssertionExample::target).toList();
        Seq2SeqModel model = Seq2SeqModel.load(dir);
        ExampleEncoder encoder = ExampleEncoder.forModel(dir, model.config());
        List<int[]> sources = o.examples().stream().map(encoder::source).toList();   // retrieval and tokenizing once, for greedy and beam
        List<List<String>> beams = Candidates.beams(model, encoder, o.examples(), sources, o.topK(), o.maxOutputLen(), role);
        List<String> generated = switch (o.decoding()) {
            case AnswerDecoding.Sampled s -> AssertionPredictor.sampleFrom(model, encoder, o.examples(), sources, o.batchSize(), o.maxOutputLen(), s.temperature());
            case AnswerDecoding.Beam b when o.topK() > 1 -> beams.stream().map(List::getFirst).toList();
            default -> AssertionPredictor.generateFrom(model, encoder, o.examples(), sources, o.batchSize(), o.maxOutputLen());
        };
        List<String> predictions = AssertionPredictor.checked(encoder, o.examples(), generated);
        List<ExampleScores> scores = scorer.score(references, predictions);
        MetricsSummary summary = AssertionMetrics.summarize(scores);
        List<List<String>> raw = Candidates.raw(generated, beams, o.topK());
        String tag = role.equals("student") || o.studentModel() == null ? "final" : role;
        PredictionFiles.write(run.path(), tag, o.examples(), predictions, raw, scores, summary, Map.of("model", dir.toString(), "role", role));
        if (!tag.equals(role)) PredictionFiles.write(run.path(), role, o.examples(), predictions, raw, scores, summary,
                Map.of("model", dir.toString(), "role", role));
        List<List<String>> checked = Candidates.checked(predictions, raw, o.topK());
        return new Scored(role, dir, new AssertionGenerator(model, encoder), predictions, summary,
                AssertionMetrics.summarize(scorer.score(references, generated)),
                ExactMatchStats.of(references, checked, o.topK(), boot, bm25Hits),
                ExactMatchStats.of(references, raw, o.topK(), boot, bm25Hits));
    }

    private static void write(RunDirectory run, List<ModelScores> models, List<BaselineScores> baselines, BaselineScores stored,
                              Options o) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("examples", o.examples().size());
        if (!models.isEmpty()) json.put("decoding", o.decoding().describe(o.topK()));
        if (stored != null) json.put("stored_predictions", withExact(stored.metrics(), stored.exact()));
        for (ModelScores m : models) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("model_dir", m.dir().toString());
            e.put("parameters", m.parameters());
            e.put("size_on_disk_bytes", m.bytesOnDisk());
            e.put("latency_ms_p50", m.latencyP50Ms());
            e.put("latency_ms_p95", m.latencyP95Ms());
            e.put("latency_examples", m.latencyExamples());
            e.put("metrics", withExact(m.metrics(), m.exact()));
            e.put("raw_metrics", withExact(m.rawMetrics(), m.rawExact()));
            json.put(m.role(), e);
        }
        if (models.size() == 2) {
            ModelScores t = models.get(0), s = models.get(1);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("parameter_ratio_teacher_over_student", (double) t.parameters() / s.parameters());
            c.put("speedup_p50", t.latencyP50Ms() / s.latencyP50Ms());
            c.put("speedup_p95", t.latencyP95Ms() / s.latencyP95Ms());
            c.put("student_exact_match_share_of_teacher", t.metrics().exactMatch() == 0 ? null : s.metrics().exactMatch() / t.metrics().exactMatch());
            json.put("comparison", c);
        }
        Map<String, Object> base = new LinkedHashMap<>();
        for (BaselineScores b : baselines) base.put(b.name(), withExact(b.metrics(), b.exact()));
        if (!baselines.isEmpty()) json.put("baselines", base);
        Json.write(run.file("evaluation_metrics.json"), json);
    }

    /** report.html: the metric table side by side, the speed-up, and the first examples with every model's answer. */
    private static void writeReport(RunDirectory run, List<ModelScores> models, List<BaselineScores> baselines,
                                    Options o, List<List<String>> predictions) {
        List<AssertionExample> examples = o.examples();
        HtmlReport html = new HtmlReport("retort kd evaluate");
        if (!models.isEmpty()) html.paragraph("Each model's top-1 answer: " + o.decoding().describe(o.topK()) + "; latency timed the same way.");
        List<String> header = new ArrayList<>(List.of("metric"));
        models.forEach(m -> header.add(m.role()));
        baselines.forEach(b -> header.add(b.name()));
        List<String> dashes = baselines.stream().map(b -> "—").toList();
        List<List<String>> rows = new ArrayList<>();
        MetricsSummary first = models.isEmpty() ? baselines.getFirst().metrics() : models.getFirst().metrics();
        for (String k : first.asMap().keySet()) {
            List<String> row = new ArrayList<>(List.of(k));
            for (ModelScores m : models) row.add(fmt(m.metrics().asMap().get(k)));
            for (BaselineScores b : baselines) row.add(fmt(b.metrics().asMap().get(k)));
            rows.add(row);
        }
        for (String k : List.of("exact_match", "bleu", "ast_validity")) {
            rows.add(Stream.of(Stream.of(k + " (raw model text)"), models.stream().map(m -> fmt(m.rawMetrics().asMap().get(k))), dashes.stream()).flatMap(x -> x).toList());
        }
        rows.add(exactRow("exact match top-1 [95 % CI]", models.stream().map(ModelScores::exact), baselines, true, e -> e.top1().format()));
        rows.add(exactRow("exact match top-1, raw model text [95 % CI]", models.stream().map(ModelScores::rawExact), baselines, false,
                e -> e.top1().format()));
        rows.add(exactRow("exact match top-k (top-1 + beam; raw model text)", models.stream().map(ModelScores::rawExact), baselines, true,
                e -> e.topK() == null ? "—" : e.topK().format()));
        rows.add(exactRow("top-1 − BM25 top-1, paired [95 % CI]", models.stream().map(ModelScores::exact), baselines, models.isEmpty(),
                e -> e.minusBm25() == null ? "—" : e.minusBm25().format()));
        rows.add(exactRow("top-1 − BM25 top-1, raw model text, paired [95 % CI]", models.stream().map(ModelScores::rawExact), baselines, false,
                e -> e.minusBm25() == null ? "—" : e.minusBm25().format()));
        rows.add(Stream.of(Stream.of("parameters"), models.stream().map(m -> String.format(Locale.ROOT, "%,d", m.parameters())), dashes.stream()).flatMap(x -> x).toList());
        rows.add(Stream.of(Stream.of("size on disk (MB)"), models.stream().map(m -> fmt(m.bytesOnDisk() / 1e6)), dashes.stream()).flatMap(x -> x).toList());
        rows.add(Stream.of(Stream.of("latency p50 (ms, batch 1, CPU)"), models.stream().map(m -> fmt(m.latencyP50Ms())), dashes.stream()).flatMap(x -> x).toList());
        rows.add(Stream.of(Stream.of("latency p95 (ms)"), models.stream().map(m -> fmt(m.latencyP95Ms())), dashes.stream()).flatMap(x -> x).toList());
        if (models.size() == 2) {
            ModelScores t = models.get(0), s = models.get(1);
            rows.add(Stream.of(Stream.of("speed-up over the teacher (p50 / p95)", "—", String.format(Locale.ROOT, "%.2f× / %.2f×",
                    t.latencyP50Ms() / s.latencyP50Ms(), t.latencyP95Ms() / s.latencyP95Ms())), dashes.stream()).flatMap(x -> x).toList());
        }
        html.table((models.isEmpty() ? "Stored predictions" : "Teacher vs student") + " on " + examples.size() + " examples", header, rows);
        List<String> sampleHeader = new ArrayList<>(List.of("example", "gold assertions"));
        models.forEach(m -> sampleHeader.add(m.role()));
        if (models.isEmpty()) sampleHeader.add(baselines.getFirst().name());
        List<List<String>> samples = new ArrayList<>();
        for (int i = 0; i < Math.min(SAMPLE_EXAMPLES, examples.size()); i++) {
            List<String> row = new ArrayList<>(List.of(examples.get(i).id(), examples.get(i).target()));
            for (List<String> p : predictions) row.add(p.get(i));
            samples.add(row);
        }
        html.table("The first " + samples.size() + " examples: what each model hands out (checked output)", sampleHeader, samples);
        html.paragraph("Per-example predictions: predictions_final.jsonl (student, or the only model) and predictions_teacher.jsonl.");
        html.write(run.file("report.html"));
    }

    /** A report row: the models' cells, then the baselines' cells (or a dash each when {@code ofBaselines} is false). */
    private static List<String> exactRow(String name, Stream<ExactMatchStats> models, List<BaselineScores> baselines, boolean ofBaselines,
                                         java.util.function.Function<ExactMatchStats, String> cell) {
        List<String> row = new ArrayList<>(List.of(name));
        models.map(cell).forEach(row::add);
        baselines.forEach(b -> row.add(ofBaselines ? cell.apply(b.exact()) : "—"));
        return row;
    }


    /** A summary's metrics with the exact-match intervals, top-k and BM25 difference added. */
    public static Map<String, Object> withExact(MetricsSummary metrics, ExactMatchStats exact) {
        Map<String, Object> m = new LinkedHashMap<>(metrics.asJson());
        m.putAll(exact.asJson());
        return m;
    }

    private static String fmt(Double v) {
        return v == null || Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.4f", v);
    }

    static long sizeOnDisk(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new RetortException("cannot read the size of " + p + ": " + e.getMessage(), e);
                }
            }).sum();
        } catch (IOException e) {
            throw new RetortException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
