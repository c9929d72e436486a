package dev.retort.kd.pretrain;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.Rng;
import dev.retort.core.io.Json;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.LineChart;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.run.RunDirectory;
import dev.retort.core.train.CheckpointDirectory;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.ModelConfig;
import dev.retort.kd.model.Seq2SeqModel;
import dev.retort.kd.model.TrainingCheckpoint;
import dev.retort.kd.pipeline.PipelineOptions;
import dev.retort.text.tokenize.Tokenizer;
import dev.retort.kd.train.Seq2SeqTrainingLoop;
import org.bytedeco.pytorch.AdamW;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Denoising pretraining of a {@link Seq2SeqModel} on unlabelled Java ({@link PretrainCorpus}) with T5 span corruption
 * ({@link SpanCorruption}), through the same {@link Seq2SeqTrainingLoop} as the teacher. The run directory holds
 * {@code run.json}, the corpus ({@code corpus/train.jsonl}, {@code corpus/held_out.jsonl}) and
 * {@code corpus_report.json}, {@code tokenizer.json} (byte-level BPE with sentinel tokens, trained on the training
 * files unless one is given), {@code checkpoint/} (resumable), {@code best/} (lowest held-out loss; a model directory
 * that {@code train-teacher --init-from} fine-tunes), metrics (CSV and TensorBoard), {@code loss.png} and
 * {@code report.html}. Weight decay skips biases, LayerNorm weights and embeddings.
 *
 * <p>Held-out loss is the token NLL on a fixed corruption (epoch 0 of its own stream) of chunks of the held-out
 * files, measured before the first step and at every checkpoint.
 */
public final class Pretrainer {
    static final String BEST = "best";
    /** Sentinel tokens of a tokenizer trained here; more than the spans of a 1024-token input (about 51). */
    static final int SENTINELS = 64;
    /** Chunks shorter than this many tokens (a file's closing braces) are dropped. */
    static final int MIN_CHUNK = 16;

    /**
     * What is read: the artifacts' -sources.jar files, the evaluation artifacts left out, and the held-out slice.
     *
     * @param heldOutFraction share of the corpus files held out for validation loss
     * @param heldOutChunks   at most this many held-out chunks (a seeded sample) are scored at each checkpoint
     */
    public record Corpus(List<String> artifacts, List<String> excludeArtifacts, double heldOutFraction, int heldOutChunks) {
        public Corpus {
            if (heldOutChunks < 1) throw new BadInputException("--held-out-chunks must be at least 1, got " + heldOutChunks);
            if (!(heldOutFraction > 0 && heldOutFraction < 1)) throw new BadInputException("--held-out-fraction must be in (0, 1), got " + heldOutFraction);
        }

        public Corpus withArtifacts(List<String> artifacts, List<String> excludeArtifacts) {
            return new Corpus(artifacts, excludeArtifacts, heldOutFraction, heldOutChunks);
        }
    }

    /** @param tokenizer an existing tokenizer.json with sentinel tokens, or null to train one with vocabSize tokens */
    public record Model(String preset, Path tokenizer, int vocabSize, int maxInputLen, int maxOutputLen) {
        public Model {
            if (maxInputLen < MIN_CHUNK) throw new BadInputException("--max-input-len must be at least " + MIN_CHUNK + ", got " + maxInputLen);
        }
    }

    /** Everything a pretraining run takes, grouped; {@link #defaults()} is the one source of the defaults the CLI shows. */
    public record Options(Corpus corpus, Model model, Seq2SeqTrainingLoop.Schedule schedule, double weightDecay, boolean resume) {
        /** The student preset at 256/64 tokens, one epoch at 5e-4, held-out loss every 200 steps; no artifacts yet. */
        public static Options defaults() {
            return new Options(new Corpus(List.of(), List.of(PipelineOptions.DEFAULT_ARTIFACT), 0.02, 256),
                    new Model("student", null, 2000, 256, 64), new Seq2SeqTrainingLoop.Schedule(1, 16, 1, 5e-4, 100, 0, 200, 0), 0.01, false);
        }

        public Options withCorpus(Corpus corpus) {
            return new Options(corpus, model, schedule, weightDecay, resume);
        }
    }

    /** finished is false when --stop-after ended the run early. Losses are mean token NLL on the held-out chunks. */
    public record Result(boolean finished, Path bestModel, long parameters, long steps, double trainSeconds, int files, int trainChunks,
                         long trainTokens, int heldOutChunks, double initialHeldOutLoss, double bestHeldOutLoss, long bestStep) {
    }

    /** Saved in checkpoint/state.json. */
    record State(long step, double initialLoss, double bestLoss, long bestStep, double trainSeconds, long seed) {
    }

    /** Token chunks of some files; {@code dropped} counts chunks shorter than {@link #MIN_CHUNK}. */
    record Chunks(List<int[]> ids, long tokens, int dropped) {
    }

    private final Options o;
    private final RunDirectory run;
    private final PretrainCorpus.SourceJars jars;
    private final Engine engine = Engine.get();

    public Pretrainer(Options options, RunDirectory run, PretrainCorpus.SourceJars jars) {
        this.o = options;
        this.run = run;
        this.jars = jars;
    }

    public Result train() {
        if (o.corpus().artifacts().isEmpty()) throw new BadInputException("no artifacts to pretrain on");
        boolean resuming = o.resume() && CheckpointDirectory.exists(run.path());
        if (o.resume() && !resuming) System.err.println("no checkpoint in " + run.path() + "; starting from step 0");
        PretrainCorpus corpus = corpus(resuming);
        Path tokenizerFile = tokenizer(corpus.train(), resuming);
        Tokenizer tokenizer = Tokenizer.load(tokenizerFile);
        int chunkLength = SpanCorruption.T5.longestInput(o.model().maxInputLen(), o.model().maxOutputLen(), tokenizer.sentinelCount());
        Chunks train = chunks(tokenizer, corpus.train(), chunkLength, Integer.MAX_VALUE);
        Chunks heldOut = chunks(tokenizer, corpus.heldOut(), chunkLength, o.corpus().heldOutChunks());
        if (train.ids().isEmpty() || heldOut.ids().isEmpty()) {
            throw new BadInputException("the corpus has " + train.ids().size() + " training and " + heldOut.ids().size()
                    + " held-out chunks; both must be non-empty (add artifacts or raise --held-out-fraction); see " + run.file("corpus_report.json"));
        }
        writeCorpusReport(corpus.report(), chunkLength, train, heldOut);

        ModelConfig config = new ExampleEncoder(tokenizer, o.model().maxInputLen(), o.model().maxOutputLen()).config(o.model().preset());
        Seq2SeqModel model = resuming ? TrainingCheckpoint.model(run.path()) : Seq2SeqModel.create(config);
        if (!model.config().equals(config)) {
            throw new BadInputException(run.file(CheckpointDirectory.DIR) + " holds a " + model.config() + " model but the options ask for "
                    + config + "; pass the options (preset, lengths) of the original run");
        }
        AdamW optimizer = Seq2SeqTrainingLoop.adamW(model, o.schedule().lr(), new Seq2SeqTrainingLoop.WeightDecay(o.weightDecay(), true));
        long trainSeed = engine.rng().fork("pretrain-corruption").seed(), heldOutSeed = engine.rng().fork("held-out-corruption").seed();
        List<ExampleEncoder.Encoded> heldOutExamples = IntStream.range(0, heldOut.ids().size())
                .mapToObj(i -> SpanCorruption.T5.corrupt(heldOut.ids().get(i), tokenizer, heldOutSeed, i, 0)).toList();
        var loop = new Seq2SeqTrainingLoop("pretrain", "pretrain-batches", o.schedule(), new Seq2SeqTrainingLoop.Examples() {
            public int size() {
                return train.ids().size();
            }

            public int sourceLength(int index) {
                return train.ids().get(index).length;
            }

            public ExampleEncoder.Encoded get(int index, int epoch) {
                return SpanCorruption.T5.corrupt(train.ids().get(index), tokenizer, trainSeed, index, epoch);
            }
        });
        State restored = resuming ? CheckpointDirectory.restore(run.path(), optimizer, State.class) : null;
        try (MetricsLogger metrics = resuming ? run.resumeMetrics("metrics", restored.step()) : run.metrics("metrics")) {
            State initial = restored != null ? restored : initialState(model, heldOutExamples, metrics);
            HeldOutLoss hook = new HeldOutLoss(model, optimizer, tokenizerFile, heldOutExamples, metrics, initial);
            Seq2SeqTrainingLoop.End end = loop.run(model, optimizer, initial.step(), initial.trainSeconds(), metrics, hook);
            Result result = new Result(end.finished(), run.file(BEST), model.parameterCount(), end.step(), end.trainSeconds(),
                    corpus.report().files(), train.ids().size(), train.tokens(), heldOut.ids().size(), hook.state.initialLoss(),
                    hook.state.bestLoss(), hook.state.bestStep());
            if (end.finished()) {
                Json.write(run.file("result.json"), result);
                report(metrics, corpus.report(), result, config);
            }
            return result;
        }
    }

    /** Held-out loss of the fresh model, logged at step 0, so the report shows where training started. */
    private State initialState(Seq2SeqModel model, List<ExampleEncoder.Encoded> heldOut, MetricsLogger metrics) {
        double loss = Seq2SeqTrainingLoop.validationLoss(model, heldOut);
        metrics.log(0, "valid/loss", loss);
        return new State(0, loss, Double.POSITIVE_INFINITY, -1, 0, engine.seed());
    }

    /** Each checkpoint: held-out loss, best/ when it is the lowest so far, and checkpoint/. */
    private final class HeldOutLoss implements Seq2SeqTrainingLoop.Checkpoint {
        private final Seq2SeqModel model;
        private final AdamW optimizer;
        private final Path tokenizerFile;
        private final List<ExampleEncoder.Encoded> heldOut;
        private final MetricsLogger metrics;
        State state;

        HeldOutLoss(Seq2SeqModel model, AdamW optimizer, Path tokenizerFile, List<ExampleEncoder.Encoded> heldOut, MetricsLogger metrics, State state) {
            this.model = model;
            this.optimizer = optimizer;
            this.tokenizerFile = tokenizerFile;
            this.heldOut = heldOut;
            this.metrics = metrics;
            this.state = state;
        }

        @Override
        public void at(long step, boolean last, double seconds) {
            double loss = Seq2SeqTrainingLoop.validationLoss(model, heldOut);
            metrics.log(step, "valid/loss", loss);
            boolean better = loss < state.bestLoss();
            state = new State(step, state.initialLoss(), better ? loss : state.bestLoss(), better ? step : state.bestStep(), seconds, engine.seed());
            if (better) model.save(run.file(BEST), tokenizerFile, run.path());
            TrainingCheckpoint.save(run.path(), model, tokenizerFile, optimizer, state);
        }
    }

    /** The run's own corpus files when resuming (so the data cannot change under a run), else a new corpus from the artifacts. */
    private PretrainCorpus corpus(boolean resuming) {
        Path trainFile = run.file("corpus/train.jsonl"), heldOutFile = run.file("corpus/held_out.jsonl"), reportFile = run.file("corpus_report.json");
        if (resuming && Files.isRegularFile(trainFile) && Files.isRegularFile(heldOutFile) && Files.isRegularFile(reportFile)) {
            var report = Json.MAPPER.convertValue(Json.readTree(reportFile).get("corpus"), PretrainCorpus.Report.class);
            return new PretrainCorpus(PretrainCorpus.read(trainFile), PretrainCorpus.read(heldOutFile), report);
        }
        PretrainCorpus corpus = PretrainCorpus.build(o.corpus().artifacts(), o.corpus().excludeArtifacts(), jars, o.corpus().heldOutFraction(), engine.rng().fork("held-out-files"));
        PretrainCorpus.write(trainFile, corpus.train());
        PretrainCorpus.write(heldOutFile, corpus.heldOut());
        return corpus;
    }

    /** --tokenizer (it must have sentinels), the run's own when resuming, or one trained on the training files. */
    private Path tokenizer(List<PretrainCorpus.SourceFile> train, boolean resuming) {
        if (o.model().tokenizer() != null) {
            if (Tokenizer.load(o.model().tokenizer()).sentinelCount() == 0) {
                throw new BadInputException("--tokenizer " + o.model().tokenizer() + " has no sentinel tokens for span corruption; leave it out to train one on the corpus");
            }
            return o.model().tokenizer();
        }
        Path file = run.file(Seq2SeqModel.TOKENIZER_FILE);
        if (resuming && Files.isRegularFile(file)) return file;
        if (o.model().vocabSize() < 261 + SENTINELS) throw new BadInputException("--vocab-size must be at least " + (261 + SENTINELS) + ", got " + o.model().vocabSize());
        Tokenizer.train(train.stream().map(PretrainCorpus.SourceFile::text).toList(), o.model().vocabSize(), SENTINELS).save(file);
        return file;
    }

    /** The files' chunks of at least MIN_CHUNK tokens; at most {@code limit}, a seeded sample in file order when there are more. */
    private Chunks chunks(Tokenizer tokenizer, List<PretrainCorpus.SourceFile> files, int chunkLength, int limit) {
        List<int[]> ids = new ArrayList<>();
        int dropped = 0;
        for (PretrainCorpus.SourceFile f : files) {
            for (int[] chunk : CodeChunks.of(tokenizer, f.text(), chunkLength)) {
                if (chunk.length < MIN_CHUNK) dropped++;
                else ids.add(chunk);
            }
        }
        if (ids.size() > limit) {
            int[] pick = Arrays.copyOf(engine.rng().fork("held-out-chunks").permutation(ids.size()), limit);
            Arrays.sort(pick);
            List<int[]> all = ids;
            ids = Arrays.stream(pick).mapToObj(all::get).toList();
        }
        return new Chunks(ids, ids.stream().mapToLong(c -> c.length).sum(), dropped);
    }

    private void writeCorpusReport(PretrainCorpus.Report corpus, int chunkLength, Chunks train, Chunks heldOut) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("corpus", corpus);
        report.put("chunkLength", chunkLength);
        report.put("trainChunks", train.ids().size());
        report.put("trainTokens", train.tokens());
        report.put("heldOutChunks", heldOut.ids().size());
        report.put("heldOutTokens", heldOut.tokens());
        report.put("shortChunksDropped", train.dropped() + heldOut.dropped());
        Json.write(run.file("corpus_report.json"), report);
    }

    private void report(MetricsLogger metrics, PretrainCorpus.Report corpus, Result r, ModelConfig config) {
        Path lossPng = run.file("loss.png");
        LineChart.write(lossPng, "Span-corruption loss", "step", "token NLL",
                List.of(metrics.series("train/loss", "train"), metrics.series("valid/loss", "held-out")));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("preset", config.preset());
        facts.put("parameters", r.parameters());
        facts.put("steps", r.steps());
        facts.put("training time (s)", String.format(Locale.ROOT, "%.0f", r.trainSeconds()));
        facts.put("files (train + held-out)", corpus.files());
        facts.put("train chunks / tokens", r.trainChunks() + " / " + r.trainTokens());
        facts.put("held-out chunks", r.heldOutChunks());
        facts.put("held-out loss: start → best (step)", String.format(Locale.ROOT, "%.4f → %.4f (%d)", r.initialHeldOutLoss(), r.bestHeldOutLoss(), r.bestStep()));
        facts.put("model", config.toString());
        List<List<String>> rows = corpus.artifacts().stream().map(a -> List.of(a.coordinates(), a.status(), String.valueOf(a.files()),
                String.valueOf(a.duplicates()), String.valueOf(a.excludedFiles()), a.error() == null ? "" : a.error())).toList();
        new HtmlReport("kd pretrain")
                .paragraph("Denoising (T5 span corruption, 15 % of tokens in spans of mean length 3) on the -sources.jar of "
                        + corpus.artifacts().size() + " artifacts. " + corpus.note() + " Excluded: " + String.join(", ", corpus.excludedArtifacts())
                        + ". Model with the lowest held-out loss in best/; fine-tune it with train-teacher --init-from.")
                .keyValues("Run", facts)
                .image("Loss per step (held-out: a fixed corruption of chunks of held-out files)", lossPng)
                .table("Artifacts", List.of("artifact", "status", "files kept", "duplicates", "excluded files", "error"), rows)
                .write(run.file("report.html"));
    }
}
