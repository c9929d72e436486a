package dev.retort.kd.teacher;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.AtomicFiles;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonlWriter;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.LineChart;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.run.RunDirectory;
import dev.retort.core.train.CheckpointDirectory;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.data.AssertionTask;
import dev.retort.kd.evaluate.AssertionPredictor;
import dev.retort.kd.evaluate.Baselines;
import dev.retort.text.metrics.AssertionMetrics;
import dev.retort.text.metrics.MetricsSummary;
import dev.retort.kd.model.AssertionGenerator;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.FocalSignatures;
import dev.retort.kd.model.IdentifierAbstraction;
import dev.retort.kd.model.ModelConfig;
import dev.retort.kd.model.Seq2SeqModel;
import dev.retort.kd.model.TrainingCheckpoint;
import dev.retort.kd.retrieve.AssertionMemory;
import dev.retort.text.tokenize.Tokenizer;
import dev.retort.kd.train.Seq2SeqTrainingLoop;
import org.bytedeco.pytorch.AdamW;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the teacher with {@link Seq2SeqTrainingLoop} (AdamW with linear warmup then linear decay, gradient
 * accumulation, clipping at 1.0, length-bucketed batches, step-seeded randomness, so a resumed run takes the same
 * path as an uninterrupted one): periodic greedy validation (exact match, BLEU-4), the kept model (the best by
 * validation, or with {@link Keep#LAST} the latest) in {@code best/}, and an atomic {@code checkpoint/} (weights, optimizer state, step) from which {@code --resume}
 * continues. Weight decay applies to every parameter, as it always has for the teacher.
 */
public final class TeacherTrainer {
    static final String BEST = "best";

    /**
     * The model trained.
     *
     * @param shape     d_model, heads, layers, ff_dim overriding the preset's, or null for the preset as it is
     * @param tokenizer an existing tokenizer.json, or null to train one on the training split with vocabSize
     * @param dropout   dropout probability, or a negative value for the preset's
     * @param initFrom  a model (or run) directory whose weights start the training (fine-tuning), or null for a fresh model
     */
    public record Model(String preset, int[] shape, Path tokenizer, int vocabSize, double dropout, boolean copyFollow, Path initFrom) {
        public Model {
            if (shape != null && shape.length != 4) throw new BadInputException("--shape needs four numbers D,HEADS,LAYERS,FF, got " + shape.length);
            if (vocabSize < 16) throw new BadInputException("--vocab-size must be at least 16, got " + vocabSize);
            if (dropout >= 1) throw new BadInputException("--dropout must be below 1, got " + dropout);
        }

        public Model withPreset(String preset, double dropout) {
            return new Model(preset, shape, tokenizer, vocabSize, dropout, copyFollow, initFrom);
        }

        public Model withVocabSize(int vocabSize) {
            return new Model(preset, shape, tokenizer, vocabSize, dropout, copyFollow, initFrom);
        }

        public Model withCopyFollow(boolean on) {
            return new Model(preset, shape, tokenizer, vocabSize, dropout, on, initFrom);
        }

        public Model withInitFrom(Path dir) {
            return new Model(preset, shape, tokenizer, vocabSize, dropout, copyFollow, dir);
        }
    }

    /**
     * What the model reads and writes ({@link ExampleEncoder}).
     *
     * @param retrieval       prefix each source with the retrieved assertions of its nearest training examples
     *                        (retrieve-and-edit); the model directory then carries the training split as its memory
     * @param identifiers     abstract the names of each example's input into per-example placeholders
     *                        ({@link IdentifierAbstraction}); a trained tokenizer then ends with that many sentinel tokens
     * @param focalSignatures end per-assertion sources with the focal class's signatures where there is room ({@link FocalSignatures})
     * @param analogicalHints  write the retrieved assertions by analogy with their own examples' names
     *                         ({@link IdentifierAbstraction#analogy}); needs retrieval and identifier abstraction
     */
    public record Input(int maxInputLen, int maxOutputLen, boolean retrieval, boolean identifiers, boolean focalSignatures,
                        boolean analogicalHints) {
        public Input {
            if (maxInputLen < 8 || maxOutputLen < 1) {
                throw new BadInputException("--max-input-len must be at least 8 and --max-output-len at least 1, got " + maxInputLen + " and " + maxOutputLen);
            }
            if (analogicalHints && !(retrieval && identifiers)) {
                throw new BadInputException("--analogical-hints rewrites retrieved assertions under identifier abstraction: it needs --retrieval and --abstract-identifiers");
            }
        }

        public Input(int maxInputLen, int maxOutputLen, boolean retrieval, boolean identifiers, boolean focalSignatures) {
            this(maxInputLen, maxOutputLen, retrieval, identifiers, focalSignatures, false);
        }

        public Input withLengths(int maxInputLen, int maxOutputLen) {
            return new Input(maxInputLen, maxOutputLen, retrieval, identifiers, focalSignatures, analogicalHints);
        }

        public Input withIdentifiers(boolean on) {
            return new Input(maxInputLen, maxOutputLen, retrieval, on, focalSignatures, analogicalHints && on);
        }

        public Input withFocalSignatures(boolean on) {
            return new Input(maxInputLen, maxOutputLen, retrieval, identifiers, on, analogicalHints);
        }

        public Input withAnalogicalHints(boolean on) {
            return new Input(maxInputLen, maxOutputLen, retrieval, identifiers, focalSignatures, on);
        }
    }

    /** Which model the run hands on: the best by periodic validation, or the one at the end of the schedule. */
    public enum Keep {
        BEST, LAST
    }

    /**
     * Everything a teacher run takes, grouped; {@link #defaults()} is the one source of the defaults (the CLI reads its
     * option defaults from it, the pipeline starts from it).
     *
     * @param labelSmoothing ε of the label-smoothed token loss ({@link Seq2SeqModel#tokenLoss}; 0: plain NLL)
     * @param evalExamples validation examples decoded at each periodic validation, evenly spaced over the split (with
     *                     {@link Keep#BEST} the model is chosen on them; the finished run scores the kept model on all)
     * @param finalExamples validation examples, spread over the split, the finished run scores the kept model and the
     *                     baselines on (0: all)
     * @param keep         the model written to best/ and returned: the best by validation exact match then BLEU, or the last
     * @param workers      micro-batches of a step trained at once on this many model replicas, one core each (needs dropout 0
     *                     and gradAccum ≥ workers; 1: one after another)
     */
    public record Options(Model model, Input input, Seq2SeqTrainingLoop.Schedule schedule, Seq2SeqTrainingLoop.WeightDecay weightDecay,
                          double labelSmoothing, int evalExamples, int finalExamples, Keep keep, int workers, boolean resume) {
        public Options {
            if (evalExamples < 1) throw new BadInputException("--eval-examples must be at least 1, got " + evalExamples);
            if (finalExamples < 0) throw new BadInputException("--final-examples must not be negative, got " + finalExamples);
            if (workers < 1) throw new BadInputException("--workers must be at least 1, got " + workers);
            if (!(labelSmoothing >= 0 && labelSmoothing < 1)) throw new BadInputException("--label-smoothing must be in [0, 1), got " + labelSmoothing);
        }

        /**
         * train-teacher's defaults: the teacher preset for ten epochs at 5e-4, weight decay 0.01 on the weight matrices,
         * label smoothing 0.1 (both measured in docs/kd.md), validating 200 examples every 200 steps.
         */
        public static Options defaults() {
            return new Options(new Model("teacher", null, null, 8000, -1, false, null), new Input(512, 128, true, false, false),
                    new Seq2SeqTrainingLoop.Schedule(10, 16, 1, 5e-4, 100, 0, 200, 0), new Seq2SeqTrainingLoop.WeightDecay(0.01, true), 0.1,
                    200, 0, Keep.BEST, 1, false);
        }

        public Options withModel(Model model) {
            return new Options(model, input, schedule, weightDecay, labelSmoothing, evalExamples, finalExamples, keep, workers, resume);
        }

        public Options withInput(Input input) {
            return new Options(model, input, schedule, weightDecay, labelSmoothing, evalExamples, finalExamples, keep, workers, resume);
        }

        public Options withSchedule(Seq2SeqTrainingLoop.Schedule schedule) {
            return new Options(model, input, schedule, weightDecay, labelSmoothing, evalExamples, finalExamples, keep, workers, resume);
        }

        public Options withWeightDecay(Seq2SeqTrainingLoop.WeightDecay weightDecay) {
            return new Options(model, input, schedule, weightDecay, labelSmoothing, evalExamples, finalExamples, keep, workers, resume);
        }

        public Options withRun(int evalExamples, int finalExamples, Keep keep, int workers, boolean resume) {
            return new Options(model, input, schedule, weightDecay, labelSmoothing, evalExamples, finalExamples, keep, workers, resume);
        }
    }

    /** Scores on the whole validation split. */
    public record Scores(String name, double exactMatch, double bleu) {
    }

    /** finished is false when --stop-after ended the run early; then teacher and baselines are null. */
    public record Result(boolean finished, Path bestModel, long parameters, long steps, double trainSeconds, int trainExamples,
                         int validExamples, Scores teacher, List<Scores> baselines) {
    }

    /** Step, best validation so far, and wall time spent, as saved in a checkpoint. */
    record State(long step, double bestExactMatch, double bestBleu, long bestStep, double trainSeconds, long seed) {
    }

    private final Options o;
    private final Model m;
    private final RunDirectory run;
    private final Engine engine = Engine.get();

    public TeacherTrainer(Options options, RunDirectory run) {
        this.o = options;
        this.m = options.model();
        this.run = run;
    }

    public Result train(Path trainFile, Path validFile, BadRecords badRecords) {
        List<AssertionExample> train = AssertionDataset.read(trainFile, badRecords);
        List<AssertionExample> valid = AssertionDataset.read(validFile, badRecords);
        if (train.isEmpty()) throw new BadInputException(trainFile + ": no training examples");
        if (valid.isEmpty()) throw new BadInputException(validFile + ": no validation examples");
        Path tokenizerFile = tokenizer(train);
        Input in = o.input();
        ExampleEncoder encoder = new ExampleEncoder(Tokenizer.load(tokenizerFile), in.retrieval() ? AssertionMemory.of(train) : null,
                in.maxInputLen(), in.maxOutputLen(), AssertionTask.of(train), in.identifiers()
                        ? IdentifierAbstraction.fit(train, IdentifierAbstraction.DEFAULT_KEPT, IdentifierAbstraction.DEFAULT_SLOTS)
                                .withAnalogicalHints(in.analogicalHints()) : null,
                in.focalSignatures());
        List<ExampleEncoder.Encoded> trainIds = train.stream().map(encoder::encode).toList();

        boolean resuming = o.resume() && CheckpointDirectory.exists(run.path());
        if (o.resume() && !resuming) System.err.println("no checkpoint in " + run.path() + "; starting from step 0");
        ModelConfig config = encoder.config(m.preset());
        if (m.shape() != null) config = config.withShape(m.shape()[0], m.shape()[1], m.shape()[2], m.shape()[3]);
        if (m.dropout() >= 0) config = config.withDropout(m.dropout());
        config = config.withCopyFollow(m.copyFollow());
        Seq2SeqModel model = resuming ? TrainingCheckpoint.model(run.path())
                : m.initFrom() != null ? Seq2SeqModel.loadForFineTuning(AssertionGenerator.modelDir(m.initFrom()), config) : Seq2SeqModel.create(config);
        if (!model.config().equals(config)) {
            throw new BadInputException((resuming ? run.file(CheckpointDirectory.DIR) : m.initFrom()) + " holds a " + model.config()
                    + " model but the options ask for " + config + "; pass the options (preset, shape, lengths, dropout) "
                    + (resuming ? "of the original run" : "that model was trained with"));
        }
        AdamW optimizer = Seq2SeqTrainingLoop.adamW(model, o.schedule().lr(), o.weightDecay());
        State initial = resuming ? CheckpointDirectory.restore(run.path(), optimizer, State.class) : new State(0, -1, -1, -1, 0, engine.seed());
        var loop = new Seq2SeqTrainingLoop("train-teacher", "teacher-batches", o.schedule(), new Seq2SeqTrainingLoop.Examples() {
            public int size() {
                return trainIds.size();
            }

            public int sourceLength(int index) {
                return trainIds.get(index).source().length;
            }

            public ExampleEncoder.Encoded get(int index, int epoch) {
                return trainIds.get(index);
            }
        }, o.workers(), o.labelSmoothing());
        try (MetricsLogger metrics = resuming ? run.resumeMetrics("metrics", initial.step()) : run.metrics("metrics")) {
            Validation validation = new Validation(model, encoder, tokenizerFile, optimizer, valid, metrics, initial);
            Seq2SeqTrainingLoop.End end = loop.run(model, optimizer, initial.step(), initial.trainSeconds(), metrics, validation);
            if (!end.finished()) {
                return new Result(false, run.file(BEST), model.parameterCount(), end.step(), end.trainSeconds(), train.size(), valid.size(), null, null);
            }
            Seq2SeqModel best = Seq2SeqModel.load(run.file(BEST));
            List<AssertionExample> scored = o.finalExamples() > 0 ? AssertionDataset.spread(valid, o.finalExamples()) : valid;
            Scores teacher = scores(o.keep() == Keep.LAST ? "teacher (last step, greedy)" : "teacher (best checkpoint, greedy)",
                    evaluate(best, encoder, scored, run.file("valid_predictions.jsonl")));
            Result result = new Result(true, run.file(BEST), model.parameterCount(), end.step(), end.trainSeconds(), train.size(), scored.size(),
                    teacher, baselines(train, scored));
            Json.write(run.file("result.json"), result);
            report(metrics, result, config, validation.state);
            return result;
        }
    }

    /**
     * Each checkpoint of the loop: greedy validation and validation loss on the same evalExamples examples every time,
     * evenly spaced over the split (a prefix would hold a few test classes: on lang3's in-project split the first 300
     * scored 0.28 where the whole split scored 0.14), the best model by exact match then BLEU kept in best/, and
     * checkpoint/ written.
     */
    private final class Validation implements Seq2SeqTrainingLoop.Checkpoint {
        private final Seq2SeqModel model;
        private final ExampleEncoder encoder;
        private final Path tokenizerFile;
        private final AdamW optimizer;
        private final List<AssertionExample> valid;
        private final MetricsLogger metrics;
        State state;

        Validation(Seq2SeqModel model, ExampleEncoder encoder, Path tokenizerFile, AdamW optimizer, List<AssertionExample> valid,
                   MetricsLogger metrics, State state) {
            this.model = model;
            this.encoder = encoder;
            this.tokenizerFile = tokenizerFile;
            this.optimizer = optimizer;
            this.valid = valid;
            this.metrics = metrics;
            this.state = state;
        }

        @Override
        public void at(long step, boolean last, double seconds) {
            List<AssertionExample> subset = AssertionDataset.spread(valid, o.evalExamples());
            MetricsSummary summary = evaluate(model, encoder, subset, null);
            metrics.log(step, Map.of("valid/exact_match", summary.exactMatch(), "valid/bleu", summary.bleu(),
                    "valid/loss", Seq2SeqTrainingLoop.validationLoss(model, subset.stream().map(encoder::encode).toList())));
            boolean better = o.keep() == Keep.LAST || summary.exactMatch() > state.bestExactMatch()
                    || (summary.exactMatch() == state.bestExactMatch() && summary.bleu() > state.bestBleu());
            state = better
                    ? new State(step, summary.exactMatch(), summary.bleu(), step, seconds, engine.seed())
                    : new State(step, state.bestExactMatch(), state.bestBleu(), state.bestStep(), seconds, engine.seed());
            if (better) encoder.saveModel(model, tokenizerFile, run.file(BEST), run.path());
            TrainingCheckpoint.save(run.path(), model, tokenizerFile, encoder, optimizer, state);
        }
    }

    /** Greedy-decodes the examples (batches of 32, by length) and scores them; optionally writes the predictions. */
    static MetricsSummary evaluate(Seq2SeqModel model, ExampleEncoder encoder, List<AssertionExample> examples, Path predictionsFile) {
        List<String> predictions = AssertionPredictor.generate(model, encoder, examples, 32, encoder.maxOutputLen() + 1);
        List<String> references = examples.stream().map(AssertionExample::target).toList();
        if (predictionsFile != null) {
            try (JsonlWriter out = JsonlWriter.create(predictionsFile)) {
                for (int i = 0; i < examples.size(); i++) {
                    out.write(Map.of("id", examples.get(i).id(), "assertions", references.get(i), "predicted_assertions", predictions.get(i)));
                }
                out.commit();
            }
        }
        return AssertionMetrics.summarize(new AssertionMetrics(null).score(references, predictions));
    }

    private static List<Scores> baselines(List<AssertionExample> train, List<AssertionExample> valid) {
        return Baselines.score(train, valid).stream().map(b -> scores(b.name(), b.metrics())).toList();
    }

    private static Scores scores(String name, MetricsSummary s) {
        return new Scores(name, s.exactMatch(), s.bleu());
    }

    /**
     * The tokenizer: --tokenizer; else, with --init-from, the init model's own tokenizer.json (copied into the run);
     * else one trained on the training split (kept in the run, so --resume reuses it). A --tokenizer whose vocabulary
     * differs from the init model's is refused: the model's embedding rows would mean other tokens.
     */
    private Path tokenizer(List<AssertionExample> train) {
        Path initTokenizer = m.initFrom() == null ? null : AssertionGenerator.modelDir(m.initFrom()).resolve(Seq2SeqModel.TOKENIZER_FILE);
        boolean initHasTokenizer = initTokenizer != null && Files.isRegularFile(initTokenizer);
        if (m.tokenizer() != null) {
            if (initHasTokenizer && !Tokenizer.load(m.tokenizer()).sameVocabulary(Tokenizer.load(initTokenizer))) {
                throw new BadInputException("--tokenizer " + m.tokenizer() + " has another vocabulary than " + initTokenizer
                        + ", the tokenizer of the --init-from model; leave out --tokenizer to use the model's own");
            }
            return m.tokenizer();
        }
        if (initTokenizer != null && !initHasTokenizer) {
            throw new BadInputException(m.initFrom() + ": the --init-from model has no " + Seq2SeqModel.TOKENIZER_FILE
                    + "; pass the tokenizer it was trained with as --tokenizer");
        }
        Path file = run.file(Seq2SeqModel.TOKENIZER_FILE);
        if (initHasTokenizer) {
            AtomicFiles.writeBytes(file, readBytes(initTokenizer));
        } else if (!Files.isRegularFile(file)) {
            List<String> corpus = new ArrayList<>();
            for (AssertionExample e : train) {
                corpus.add(e.testMethodMasked());
                corpus.add(e.focalMethod());
                corpus.add(e.target());
            }
            Tokenizer.train(corpus, m.vocabSize(), o.input().identifiers() ? IdentifierAbstraction.DEFAULT_SLOTS : 0).save(file);
        }
        return file;
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private void report(MetricsLogger metrics, Result result, ModelConfig config, State state) {
        Path lossPng = run.file("loss.png"), validPng = run.file("validation.png");
        LineChart.write(lossPng, "Training loss", "step", "token NLL", List.of(metrics.series("train/loss", "train"), metrics.series("valid/loss", "valid")));
        LineChart.write(validPng, "Validation (greedy)", "step", "score", List.of(metrics.series("valid/exact_match", "exact match"), metrics.series("valid/bleu", "BLEU-4")));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("preset", config.preset());
        facts.put("parameters", result.parameters());
        facts.put("steps", result.steps());
        facts.put(o.keep() == Keep.LAST ? "kept step (last)" : "best step", state.bestStep());
        facts.put("training time (s)", String.format(Locale.ROOT, "%.0f", result.trainSeconds()));
        facts.put("train / valid examples", result.trainExamples() + " / " + result.validExamples());
        facts.put("model", config.toString());
        List<List<String>> rows = new ArrayList<>();
        rows.add(row(result.teacher()));
        for (Scores b : result.baselines()) rows.add(row(b));
        new HtmlReport("kd train-teacher")
                .paragraph("Teacher trained on " + result.trainExamples() + " examples; scores on " + result.validExamples()
                        + " validation examples (spread over the split when --final-examples cuts it). Model in best/.")
                .table("Validation", List.of("predictor", "exact match", "BLEU-4"), rows)
                .keyValues("Run", facts)
                .image("Loss per step", lossPng)
                .image("Validation during training (periodic validations: " + o.evalExamples() + " examples spread over the split)", validPng)
                .write(run.file("report.html"));
    }

    private static List<String> row(Scores s) {
        return List.of(s.name(), String.format(Locale.ROOT, "%.4f", s.exactMatch()), String.format(Locale.ROOT, "%.4f", s.bleu()));
    }
}
