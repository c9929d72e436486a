package dev.retort.cli.kd;

import dev.retort.cli.EngineOptions;
import dev.retort.cli.InputOptions;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.evaluate.AnswerDecoding;
import dev.retort.kd.evaluate.ExactMatchStats;
import dev.retort.kd.evaluate.ModelEvaluation;
import dev.retort.kd.evaluate.StoredPredictions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code retort kd evaluate}: teacher and student side by side on the same examples. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score generated assertions of a student and/or teacher model: BLEU-4, exact match, line-set P/R/F1 "
                + "(micro, macro), PANS, AST validity, semantic similarity, code quality; plus parameters, size on disk and "
                + "CPU latency (p50/p95, batch 1) with the student's speed-up.",
                "Without a model path it scores the predicted_assertions the file's records carry (a course-format teacher-logit "
                        + "file or a predictions file), with the same metrics and intervals.",
                "Writes evaluation_metrics.json, predictions_final.jsonl, metrics_final.csv, metrics_summary_final.json, report.html."},
        footer = {"", "Example:",
                "  retort kd evaluate --teacher-data data/kd/test.jsonl --teacher-model-path results/teacher/best \\",
                "      --student-model-path results/distill/final_model --student-limit 200"})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;
    @Mixin
    InputOptions input;

    @Option(names = {"--teacher-data", "--teacher_data"}, required = true, paramLabel = "FILE",
            description = "Examples to score: an assertion JSONL (e.g. the test split) or a teacher-logit file (its examples are used).")
    Path teacherData;
    @Option(names = {"--student-model-path", "--student_model_path"}, paramLabel = "DIR", description = "Student model directory (final_model/).")
    Path studentModelPath;
    @Option(names = {"--teacher-model-path", "--teacher_model_path"}, paramLabel = "DIR", description = "Teacher model directory, for the side-by-side.")
    Path teacherModelPath;
    @Option(names = {"--student-limit", "--student_limit"}, defaultValue = "0", description = "Score at most N examples (0 = all).")
    int studentLimit;
    @Option(names = {"--max-output-len", "--max_output_len"}, defaultValue = "128", description = "Longest generated assertion block in tokens (default: ${DEFAULT-VALUE}).")
    int maxOutputLen;
    @Option(names = {"--batch-size", "--batch_size"}, defaultValue = "32", description = "Generation batch size for the metrics (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = {"--latency-examples", "--latency_examples"}, defaultValue = "50", description = "Examples timed one by one (default: ${DEFAULT-VALUE}).")
    int latencyExamples;
    @Option(names = {"--embedding-model", "--embedding_model"}, defaultValue = "minilm-q",
            description = "Sentence embedder for semantic similarity: minilm, minilm-q, bge, or none (default: ${DEFAULT-VALUE}).")
    String embeddingModel;
    @Option(names = "--baselines-from", paramLabel = "TRAIN.jsonl",
            description = "Also score the trivial baselines fitted on this training split: nearest training example by BM25, most frequent assertion.")
    Path baselinesFrom;
    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K",
            description = "Also score top-K exact match: the top-1 answer and the hypotheses of a beam of width K (1: none) (default: ${DEFAULT-VALUE}).")
    int topK;
    @Option(names = "--decode", defaultValue = "beam", paramLabel = "greedy|beam",
            description = "Each model's top-1 answer: the best hypothesis of the top-K beam, or greedy; latency is timed the same way "
                    + "(default: ${DEFAULT-VALUE}).")
    String decode;
    @Option(names = "--temperature", defaultValue = "0", paramLabel = "T",
            description = "With --decode greedy, above 0 each top-1 answer is sampled from softmax(log p / T), seeded by --seed "
                    + "(default: ${DEFAULT-VALUE}).")
    double temperature;
    @Option(names = {"--output-dir", "--output_dir"}, paramLabel = "DIR", description = "Run directory (default results/kd-evaluate-<timestamp>).")
    Path outputDir;

    @Override
    public Integer call() {
        engine.start();
        List<AssertionExample> examples = AssertionDataset.read(teacherData, input.badRecords());
        if (studentLimit > 0 && examples.size() > studentLimit) examples = examples.subList(0, studentLimit);
        List<Path> inputs = new ArrayList<>(List.of(teacherData));
        if (studentModelPath != null) inputs.add(studentModelPath);
        if (teacherModelPath != null) inputs.add(teacherModelPath);
        if (baselinesFrom != null) inputs.add(baselinesFrom);
        RunDirectory run = RunDirectory.create("kd-evaluate", outputDir, spec.commandLine().getParseResult().originalArgs(),
                Map.of("examples", examples.size(), "max_output_len", maxOutputLen, "embedding_model", embeddingModel), inputs);
        List<String> stored = teacherModelPath == null && studentModelPath == null
                ? StoredPredictions.read(teacherData, examples, input.badRecords()) : null;
        var o = new ModelEvaluation.Options(examples, teacherModelPath, studentModelPath, maxOutputLen, batchSize, latencyExamples,
                baselinesFrom == null ? null : AssertionDataset.read(baselinesFrom, input.badRecords()), topK, engine.seed(), stored,
                AnswerDecoding.of(decode, temperature));
        try (var embedder = new SentenceEmbedderSupplier(embeddingModel.equals("none") ? "minilm-q" : embeddingModel)) {
            var result = ModelEvaluation.run(o, run, embeddingModel.equals("none") ? null : embedder.get());
            var models = result.models();
            var out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%-8s %12s %8s %8s %8s %8s %8s %8s %10s %10s%n", "model", "parameters", "EM", "EM top-k", "BLEU", "F1", "PANS", "AST",
                    "p50 ms", "p95 ms");
            for (var m : models) {
                var s = m.metrics();
                out.printf(Locale.ROOT, "%-8s %,12d %8.4f %8s %8.4f %8.4f %8.4f %8.4f %10.2f %10.2f%n", m.role(), m.parameters(), s.exactMatch(),
                        topK(m.exact()), s.bleu(), s.f1Micro(), s.pans(), s.astValidity(), m.latencyP50Ms(), m.latencyP95Ms());
                var r = m.rawMetrics();
                out.printf(Locale.ROOT, "%-8s %12s %8.4f %8s %8.4f %8.4f %8.4f %8.4f   (raw model text, before the syntax check)%n", "", "", r.exactMatch(),
                        topK(m.rawExact()), r.bleu(), r.f1Micro(), r.pans(), r.astValidity());
            }
            if (result.stored() != null) {
                var s = result.stored().metrics();
                out.printf(Locale.ROOT, "%-8s %12s %8.4f %8s %8.4f %8.4f %8.4f %8.4f   (%s of %s; no model run)%n", "stored", "-", s.exactMatch(),
                        "-", s.bleu(), s.f1Micro(), s.pans(), s.astValidity(), result.stored().name(), teacherData.getFileName());
            }
            for (var b : result.baselines()) {
                var s = b.metrics();
                out.printf(Locale.ROOT, "%-8s %12s %8.4f %8s %8.4f %8.4f %8.4f %8.4f   (%s)%n", "baseline", "-", s.exactMatch(), topK(b.exact()), s.bleu(),
                        s.f1Micro(), s.pans(), s.astValidity(), b.name());
            }
            if (models.size() == 2) {
                out.printf(Locale.ROOT, "speed-up (p50): %.2fx, parameters: %.1fx fewer%n", models.get(0).latencyP50Ms() / models.get(1).latencyP50Ms(),
                        (double) models.get(0).parameters() / models.get(1).parameters());
            }
            out.println("report: " + run.file("report.html"));
        }
        return 0;
    }

    private static String topK(ExactMatchStats e) {
        return e.topK() == null ? "-" : String.format(Locale.ROOT, "%.4f", e.topK().mean());
    }
}
