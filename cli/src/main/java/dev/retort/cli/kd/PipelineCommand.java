package dev.retort.cli.kd;

import dev.retort.cli.EngineOptions;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.evaluate.AnswerDecoding;
import dev.retort.kd.evaluate.ExactMatchStats;
import dev.retort.kd.mine.ArtifactList;
import dev.retort.text.metrics.MetricsSummary;
import dev.retort.kd.pipeline.DistillationPipeline;
import dev.retort.kd.pipeline.PipelineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code retort kd pipeline}: the whole kd job in one run directory. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, defaultValueProvider = PipelineDefaults.class,
        description = {"The kd main job end to end: mine the corpus (default " + PipelineOptions.DEFAULT_ARTIFACT + ") from Maven "
                + "Central (one example per assertion, split by test method inside the project), train a retrieval teacher, export "
                + "its top-k logits, distill a smaller student, and score teacher, student and the BM25 / most-frequent baselines on "
                + "the held-out test split (top-1 and top-5 exact match with 95%% bootstrap intervals).",
                "The defaults take about 18 minutes on an idle 2-core machine (hosts differ: the same job has taken up to twice as long elsewhere). Writes data/, teacher/, teacher_logits_train.jsonl, distill/, "
                        + "evaluate/ (each with its own run.json and report), pipeline_summary.json and report.html (the headline table). "
                        + "A killed run continues with the same command plus --resume."},
        footer = {"", "Examples:",
                "  retort kd pipeline --output-dir results/kd",
                "  retort kd pipeline --data data/kd/lang3 --teacher-epochs 20 --threads 2 --output-dir results/kd-long",
                "  retort kd pipeline --output-dir results/kd --resume      # after an interruption"})
public final class PipelineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    EngineOptions engine;

    @Option(names = "--artifact", paramLabel = "G:A:V", description = "Maven artifact to mine (repeatable; default " + PipelineOptions.DEFAULT_ARTIFACT + ").")
    List<String> artifacts;
    @Option(names = "--data", paramLabel = "DIR", description = "Use mined splits (train/valid/test.jsonl from `retort kd mine`) instead of mining.")
    Path data;
    @Option(names = "--train-artifacts", paramLabel = "FILE",
            description = "A file of Maven artifacts (one G:A:V per line) whose examples all join the training split: more labelled data, "
                    + "while valid and test stay --artifact's (docs/kd.md: twelve other Commons artifacts lift the teacher on an unseen "
                    + "artifact, at about twice the teacher's time).")
    Path trainArtifacts;
    @Option(names = "--output-dir", paramLabel = "DIR", description = "Run directory (default: results/kd-pipeline-<timestamp>).")
    Path outputDir;
    @Mixin
    TaskOptions taskOptions;
    @Option(names = "--teacher-preset", paramLabel = "NAME", description = "Teacher size: tiny, small, student or teacher (default: ${DEFAULT-VALUE}).")
    String teacherPreset;
    @Option(names = "--student-size", paramLabel = "NAME", description = "Student size (default: ${DEFAULT-VALUE}).")
    String studentSize;
    @Option(names = "--vocab-size", paramLabel = "N", description = "Tokenizer vocabulary trained on the training split (default: ${DEFAULT-VALUE}).")
    int vocabSize;
    @Option(names = "--max-input-len", paramLabel = "N", description = "Source tokens, retrieved assertions included (default: ${DEFAULT-VALUE}).")
    int maxInputLen;
    @Option(names = "--max-output-len", paramLabel = "N", description = "Target tokens (default: ${DEFAULT-VALUE}).")
    int maxOutputLen;
    @Option(names = "--teacher-epochs", paramLabel = "N", description = "Teacher passes over the training split (default: ${DEFAULT-VALUE}).")
    int teacherEpochs;
    @Option(names = "--teacher-lr", paramLabel = "X", description = "Teacher peak learning rate (default: ${DEFAULT-VALUE}).")
    double teacherLr;
    @Option(names = "--teacher-init-from", paramLabel = "DIR",
            description = "Fine-tune the teacher from this model (e.g. `retort kd pretrain`'s best/) and its tokenizer instead of "
                    + "training it from scratch; --teacher-preset and the lengths must be the ones it was trained with (default: none).")
    Path teacherInitFrom;
    @Option(names = "--distill-epochs", paramLabel = "N", description = "Student passes over the training split (default: ${DEFAULT-VALUE}).")
    int distillEpochs;
    @Option(names = "--distill-lr", paramLabel = "X", description = "Student peak learning rate (default: ${DEFAULT-VALUE}).")
    double distillLr;
    @Option(names = "--distill-examples", paramLabel = "N",
            description = "Distill the student on N training examples spread evenly over the split, exporting teacher logits for "
                    + "those alone; 0 takes all (default: ${DEFAULT-VALUE}, about half of lang3's 15,718: all of them cost the job "
                    + "another 4 minutes).")
    int distillExamples;
    @Option(names = "--dropout", paramLabel = "P",
            description = "Dropout of teacher and student (default: ${DEFAULT-VALUE}; these short runs underfit, and the teacher without "
                    + "dropout at --teacher-lr 2e-3 reached validation exact match 0.19 after 800 steps against 0.08 with 0.1 at 1e-3).")
    double dropout;
    @Option(names = "--copy-follow", negatable = true, fallbackValue = "true",
            description = "Teacher and student pointers get a learned bonus right after an occurrence of the token just written, so they "
                    + "copy spans of the retrieved assertions instead of drifting (default: ${DEFAULT-VALUE}; --no-copy-follow for the "
                    + "plain pointer).")
    boolean copyFollow;
    @Option(names = "--abstract-identifiers", negatable = true, fallbackValue = "true",
            description = "Teacher and student see each example's own names (identifiers of its test and focal method, except the 200 "
                    + "most frequent in training targets) as per-example placeholders, and their outputs get the names back "
                    + "(ATLAS, AsserT5); a --teacher-init-from model's tokenizer needs 64 sentinel tokens for it "
                    + "(default: ${DEFAULT-VALUE}; --no-abstract-identifiers for names as text).")
    boolean abstractIdentifiers;
    @Option(names = "--focal-signatures", negatable = true, fallbackValue = "true",
            description = "Teacher and student inputs that still have room after the test and the focal method end with the focal "
                    + "class's signatures, those the test names first (default: ${DEFAULT-VALUE}).")
    boolean focalSignatures;
    @Option(names = "--analogical-hints", negatable = true, fallbackValue = "true",
            description = "Write each retrieved assertion in the models' inputs by analogy: a name of the neighbour's own example "
                    + "that this one lacks becomes this example's name of the same rank, nearest the assertion first; only with "
                    + "--abstract-identifiers (default: ${DEFAULT-VALUE}).")
    boolean analogicalHints;
    @Option(names = "--alpha", paramLabel = "A",
            description = "Weight of the gold targets' cross-entropy in the student's loss, the rest being KL to the teacher's logits "
                    + "(default: ${DEFAULT-VALUE}).")
    double alpha;
    @Option(names = "--temperature", paramLabel = "T",
            description = "Softmax temperature of the KL term, the whole run (default: ${DEFAULT-VALUE}; KL·T² at 4 → 1.5, kd distill's "
                    + "schedule, left this one-epoch student writing almost no line that parses: valid exact match 0.000 against 0.093 at 1).")
    double temperature;
    @Option(names = "--loss-function", paramLabel = "NAME",
            description = "Distillation loss: traditional, enhanced, ast_enhanced or multi_component (default: ${DEFAULT-VALUE}).")
    String lossFunction;
    @Option(names = "--batch-size", paramLabel = "N", description = "Batch size for teacher and student (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--workers", paramLabel = "N",
            description = "Cores teacher and student train on: each step's batch is split into N micro-batches trained at once on model "
                    + "replicas (for the teacher the same step as one batch, bit for bit; the student averages its N micro-batch losses); "
                    + "needs --dropout 0 (default: ${DEFAULT-VALUE}).")
    int workers;
    @Option(names = "--top-k", paramLabel = "K", description = "Teacher logits kept per target position (default: ${DEFAULT-VALUE}).")
    int topK;
    @Option(names = "--test-limit", paramLabel = "N", description = "Score at most N test examples (default: all).")
    int testLimit;
    @Option(names = "--latency-examples", paramLabel = "N", description = "Test examples timed one by one per model (default: ${DEFAULT-VALUE}).")
    int latencyExamples;
    @Option(names = "--decode", paramLabel = "greedy|beam",
            description = "Each model's top-1 answer: the best hypothesis of the top-5 beam, or greedy; latency is timed the same way "
                    + "(default: ${DEFAULT-VALUE}).")
    String decode;
    @Option(names = "--embedding-model", defaultValue = "minilm-q", paramLabel = "NAME",
            description = "Sentence embedder for semantic/contrastive loss terms, if the loss uses them (default: ${DEFAULT-VALUE}).")
    String embeddingModel;
    @Option(names = "--resume", description = "Continue an interrupted run in --output-dir: finished stages are kept, teacher and student resume from their checkpoints.")
    boolean resume;

    @Override
    public Integer call() {
        engine.start();
        var o = new PipelineOptions(new PipelineOptions.Data(artifacts == null ? List.of(PipelineOptions.DEFAULT_ARTIFACT) : artifacts,
                trainArtifacts == null ? List.of() : ArtifactList.read(trainArtifacts), data,
                taskOptions.task(), taskOptions.split()),
                new PipelineOptions.Models(teacherPreset, studentSize, vocabSize, maxInputLen, maxOutputLen, dropout, copyFollow, abstractIdentifiers,
                        focalSignatures, analogicalHints),
                new PipelineOptions.Training(batchSize, workers), new PipelineOptions.Teacher(teacherEpochs, teacherLr, teacherInitFrom),
                new PipelineOptions.Student(distillEpochs, distillLr, distillExamples, alpha, temperature, lossFunction, topK),
                new PipelineOptions.Evaluation(testLimit, latencyExamples, AnswerDecoding.of(decode, 0)), resume);
        List<Path> inputs = new ArrayList<>();
        if (data != null) inputs.add(data);
        if (trainArtifacts != null) inputs.add(trainArtifacts);
        Map<String, Object> config = new LinkedHashMap<>(Map.of("options", o, "embedding_model", embeddingModel));
        RunDirectory run = RunDirectory.create("kd-pipeline", outputDir, spec.commandLine().getParseResult().originalArgs(), config, inputs);
        try (var embedder = new SentenceEmbedderSupplier(embeddingModel)) {
            var result = DistillationPipeline.run(o, run, embedder);
            var out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "task %s, split %s: test split, %d examples; top-1 by %s; teacher %s; exact match per example with 95%% bootstrap intervals%n",
                    result.task(), result.split(), result.testExamples(), result.decoding(), result.teacherStart());
            out.printf(Locale.ROOT, "%-34s %-24s %7s %24s %7s %7s %7s %11s %8s%n", "predictor", "EM top-1 [95% CI]", "top-5",
                    "top-1 - BM25 [95% CI]", "BLEU", "PANS", "AST", "parameters", "p50 ms");
            for (var row : result.rows()) {
                out.println(line(row.name(), row.metrics(), row.exact(), row.parameters() == 0 ? "-" : String.format(Locale.ROOT, "%,d", row.parameters()),
                        Double.isNaN(row.latencyP50Ms()) ? "-" : String.format(Locale.ROOT, "%.1f", row.latencyP50Ms())));
                if (row.rawMetrics() != null) out.println(line("  raw model text", row.rawMetrics(), row.rawExact(), "", ""));
            }
            out.println("report: " + run.file("report.html"));
        }
        return 0;
    }

    private static String line(String name, MetricsSummary s, ExactMatchStats e, String parameters, String latency) {
        return String.format(Locale.ROOT, "%-34s %-24s %7s %24s %7.4f %7.4f %7.4f %11s %8s", name, e.top1().format(),
                e.topK() == null ? "-" : String.format(Locale.ROOT, "%.4f", e.topK().mean()), e.minusBm25() == null ? "-" : e.minusBm25().format(),
                s.bleu(), s.pans(), s.astValidity(), parameters, latency);
    }

}
