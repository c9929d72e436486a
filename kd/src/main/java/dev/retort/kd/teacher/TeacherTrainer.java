package dev.retort.kd.teacher;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.RetortException;
import dev.retort.core.Rng;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonlWriter;
import dev.retort.core.report.HtmlReport;
import dev.retort.core.report.LineChart;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.report.Progress;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.evaluate.AssertionPredictor;
import dev.retort.kd.evaluate.Baselines;
import dev.retort.kd.metrics.AssertionMetrics;
import dev.retort.kd.metrics.MetricsSummary;
import dev.retort.kd.model.AssertionGenerator;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.ModelConfig;
import dev.retort.kd.model.Seq2SeqModel;
import dev.retort.kd.model.SequenceBatch;
import dev.retort.kd.model.TrainingCheckpoint;
import dev.retort.kd.retrieve.AssertionMemory;
import dev.retort.kd.tokenize.Tokenizer;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the teacher: AdamW with linear warmup then linear decay, gradient accumulation, clipping at 1.0,
 * length-bucketed batches, periodic greedy validation (exact match, BLEU-4), the best model kept in
 * {@code best/}, and an atomic {@code checkpoint/} (weights, optimizer state, step) from which
 * {@code --resume} continues. Dropout masks are drawn from libtorch's generator reseeded from (seed, step)
 * and batch order from (seed, epoch), so the random state is a function of the step and a resumed run
 * takes the same path as an uninterrupted one.
 */
public final class TeacherTrainer {
    static final String BEST = "best";

    /**
     * @param tokenizer     an existing tokenizer.json, or null to train one on the training split with vocabSize
     * @param evalEvery     validate (and checkpoint) every this many optimizer steps, and at the end
     * @param evalExamples  validation examples decoded at each periodic validation (the final one uses all)
     * @param maxSteps      stop after this many optimizer steps (0: run all epochs); sets the schedule's length
     * @param shape         d_model, heads, layers, ff_dim overriding the preset's, or null for the preset as it is
     * @param stopAfter     end this invocation with a checkpoint after this step (0: run to the end), to split a
     *                      long run into sessions that {@code --resume} continues; the schedule is unchanged
     * @param dropout       dropout probability, or a negative value for the preset's
     * @param retrieval     prefix each source with the assertions of its nearest training example (retrieve-and-edit);
     *                      the model directory then carries the training split as its memory
     */
    public record Options(String preset, int[] shape, Path tokenizer, int vocabSize, int maxInputLen, int maxOutputLen, int epochs,
                          int batchSize, int gradAccum, double lr, int warmupSteps, int maxSteps, double weightDecay, double dropout,
                          int evalEvery, int evalExamples, int stopAfter, boolean retrieval, boolean resume, Path initFrom) {
        public Options {
            if (epochs < 1 || batchSize < 1 || gradAccum < 1) throw new BadInputException("--epochs, --batch-size and --grad-accum must be at least 1");
            if (!(lr > 0)) throw new BadInputException("--lr must be positive, got " + lr);
            if (warmupSteps < 0 || maxSteps < 0 || stopAfter < 0) throw new BadInputException("--warmup-steps, --max-steps and --stop-after must not be negative");
            if (evalEvery < 1) throw new BadInputException("--eval-every must be at least 1");
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
    private final RunDirectory run;
    private final Engine engine = Engine.get();

    public TeacherTrainer(Options options, RunDirectory run) {
        this.o = options;
        this.run = run;
    }

    public Result train(Path trainFile, Path validFile, BadRecords badRecords) {
        List<AssertionExample> train = AssertionDataset.read(trainFile, badRecords);
        List<AssertionExample> valid = AssertionDataset.read(validFile, badRecords);
        if (train.isEmpty()) throw new BadInputException(trainFile + ": no training examples");
        if (valid.isEmpty()) throw new BadInputException(validFile + ": no validation examples");
        Path tokenizerFile = tokenizer(train);
        ExampleEncoder encoder = new ExampleEncoder(Tokenizer.load(tokenizerFile), o.retrieval() ? AssertionMemory.of(train) : null,
                o.maxInputLen(), o.maxOutputLen());
        List<ExampleEncoder.Encoded> trainIds = train.stream().map(encoder::encode).toList();

        boolean resuming = o.resume() && TrainingCheckpoint.exists(run.path());
        if (o.resume() && !resuming) System.err.println("no checkpoint in " + run.path() + "; starting from step 0");
        ModelConfig config = encoder.config(o.preset());
        if (o.shape() != null) config = config.withShape(o.shape()[0], o.shape()[1], o.shape()[2], o.shape()[3]);
        if (o.dropout() >= 0) config = config.withDropout(o.dropout());
        Seq2SeqModel model = resuming ? TrainingCheckpoint.model(run.path())
                : o.initFrom() != null ? Seq2SeqModel.load(AssertionGenerator.modelDir(o.initFrom())) : Seq2SeqModel.create(config);
        if (!model.config().equals(config)) {
            throw new BadInputException((resuming ? run.file(TrainingCheckpoint.DIR) : o.initFrom()) + " holds a " + model.config()
                    + " model but the options ask for " + config + "; pass the options (preset, shape, lengths, dropout) "
                    + (resuming ? "of the original run" : "that model was trained with"));
        }
        AdamWOptions adamw = new AdamWOptions(o.lr());
        adamw.weight_decay().put(o.weightDecay());
        AdamW optimizer = new AdamW(model.parameters(), adamw);
        State state = new State(0, -1, -1, -1, 0, engine.seed());
        if (resuming) state = TrainingCheckpoint.restore(run.path(), optimizer, State.class);

        int batchesPerEpoch = (trainIds.size() + o.batchSize() - 1) / o.batchSize();
        int stepsPerEpoch = (batchesPerEpoch + o.gradAccum() - 1) / o.gradAccum();
        long totalSteps = (long) o.epochs() * stepsPerEpoch;
        if (o.maxSteps() > 0) totalSteps = Math.min(totalSteps, o.maxSteps());
        Rng epochs = engine.rng().fork("teacher-batches");

        try (MetricsLogger metrics = resuming ? run.resumeMetrics("metrics", state.step()) : run.metrics("metrics");
             Progress progress = Progress.start("train-teacher", totalSteps)) {
            progress.advance(state.step());
            long startNanos = System.nanoTime();
            double secondsBefore = state.trainSeconds();
            List<int[]> plan = null;
            int planEpoch = -1;
            double smoothed = Double.NaN;
            long endStep = o.stopAfter() > 0 ? Math.min(totalSteps, o.stopAfter()) : totalSteps;
            for (long step = state.step(); step < endStep; step++) {
                int epoch = (int) (step / stepsPerEpoch);
                if (epoch != planEpoch) {
                    plan = LengthBuckets.plan(trainIds, o.batchSize(), epochs.fork("epoch-" + epoch));
                    planEpoch = epoch;
                }
                int first = (int) (step % stepsPerEpoch) * o.gradAccum();
                List<int[]> micro = plan.subList(first, Math.min(plan.size(), first + o.gradAccum()));
                double lr = learningRate(step, totalSteps);
                double loss = optimizerStep(model, optimizer, trainIds, micro, lr, step, first);
                smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
                metrics.log(step + 1, Map.of("train/loss", loss, "train/lr", lr));
                progress.advance(1);
                progress.message(String.format(Locale.ROOT, "loss %.3f", smoothed));
                boolean last = step + 1 == totalSteps;
                if ((step + 1) % o.evalEvery() == 0 || step + 1 == endStep) {
                    double seconds = secondsBefore + (System.nanoTime() - startNanos) / 1e9;
                    List<AssertionExample> subset = last ? valid : valid.subList(0, Math.min(valid.size(), o.evalExamples()));
                    MetricsSummary summary = evaluate(model, encoder, subset, null);
                    metrics.log(step + 1, Map.of("valid/exact_match", summary.exactMatch(), "valid/bleu", summary.bleu(),
                            "valid/loss", validationLoss(model, encoder, subset)));
                    boolean better = summary.exactMatch() > state.bestExactMatch()
                            || (summary.exactMatch() == state.bestExactMatch() && summary.bleu() > state.bestBleu());
                    state = better
                            ? new State(step + 1, summary.exactMatch(), summary.bleu(), step + 1, seconds, engine.seed())
                            : new State(step + 1, state.bestExactMatch(), state.bestBleu(), state.bestStep(), seconds, engine.seed());
                    if (better) encoder.saveModel(model, tokenizerFile, run.file(BEST));
                    TrainingCheckpoint.save(run.path(), model, tokenizerFile, encoder, optimizer, state);
                }
            }
            double trainSeconds = secondsBefore + (System.nanoTime() - startNanos) / 1e9;
            if (state.step() < totalSteps) {
                return new Result(false, run.file(BEST), model.parameterCount(), state.step(), trainSeconds, train.size(), valid.size(), null, null);
            }
            Seq2SeqModel best = Seq2SeqModel.load(run.file(BEST));
            Scores teacher = scores("teacher (best checkpoint, greedy)", evaluate(best, encoder, valid, run.file("valid_predictions.jsonl")));
            List<Scores> baselines = baselines(train, valid);
            Result result = new Result(true, run.file(BEST), model.parameterCount(), state.step(), trainSeconds, train.size(), valid.size(),
                    teacher, baselines);
            Json.write(run.file("result.json"), result);
            report(metrics, result, config, state);
            return result;
        }
    }

    /** One optimizer step over the micro-batches; returns the mean token NLL. */
    private double optimizerStep(Seq2SeqModel model, AdamW optimizer, List<ExampleEncoder.Encoded> data, List<int[]> micro,
                                 double lr, long step, int firstBatch) {
        engine.reseed(engine.seed() * 1_000_003L + step);
        model.train(true);
        optimizer.zero_grad();
        long tokens = 0;
        for (int[] batch : micro) for (int i : batch) tokens += Math.min(data.get(i).target().length, o.maxOutputLen()) + 1;
        double total = 0;
        for (int m = 0; m < micro.size(); m++) {
            try (var scope = Engine.step()) {
                SequenceBatch batch = batch(model, data, micro.get(m));
                Tensor nll = model.tokenNll(batch).sum();
                double value = nll.item_double();
                if (!Double.isFinite(value)) {
                    throw new RetortException(String.format(Locale.ROOT,
                            "non-finite loss (%s) at step %d, batch %d (component: token NLL, example indices %s); "
                                    + "lower --lr or check the data", value, step + 1, firstBatch + m, java.util.Arrays.toString(micro.get(m))));
                }
                total += value;
                nll.div(new Scalar((double) tokens)).backward();
            }
        }
        try (var scope = Engine.step()) {
            torch.clip_grad_norm_(model.parameters(), 1.0);
            optimizer.param_groups().get(0).options().set_lr(lr);
            optimizer.step();
        }
        return total / tokens;
    }

    /** Linear warmup from 0 to lr over warmupSteps, then linear decay to 0 at totalSteps. */
    double learningRate(long step, long totalSteps) {
        if (step < o.warmupSteps()) return o.lr() * (step + 1) / o.warmupSteps();
        long decay = Math.max(1, totalSteps - o.warmupSteps());
        return o.lr() * Math.max(0.0, (double) (totalSteps - step) / decay);
    }

    private static SequenceBatch batch(Seq2SeqModel model, List<ExampleEncoder.Encoded> data, int[] indices) {
        List<int[]> src = new ArrayList<>(), tgt = new ArrayList<>();
        for (int i : indices) {
            src.add(data.get(i).source());
            tgt.add(data.get(i).target());
        }
        return model.batch(src, tgt);
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

    private static double validationLoss(Seq2SeqModel model, ExampleEncoder encoder, List<AssertionExample> examples) {
        model.train(false);
        double total = 0;
        long tokens = 0;
        List<ExampleEncoder.Encoded> data = examples.stream().map(encoder::encode).toList();
        for (int start = 0; start < data.size(); start += 32) {
            int[] idx = java.util.stream.IntStream.range(start, Math.min(data.size(), start + 32)).toArray();
            try (var scope = Engine.step(); var noGrad = new org.bytedeco.pytorch.NoGradGuard()) {
                SequenceBatch batch = batch(model, data, idx);
                total += model.tokenNll(batch).sum().item_double();
                tokens += batch.targetTokens();
            }
        }
        return total / tokens;
    }

    private static List<Scores> baselines(List<AssertionExample> train, List<AssertionExample> valid) {
        return Baselines.score(train, valid).stream().map(b -> scores(b.name(), b.metrics())).toList();
    }

    private static Scores scores(String name, MetricsSummary s) {
        return new Scores(name, s.exactMatch(), s.bleu());
    }

    private Path tokenizer(List<AssertionExample> train) {
        if (o.tokenizer() != null) return o.tokenizer();
        Path file = run.file(Seq2SeqModel.TOKENIZER_FILE);
        if (!Files.isRegularFile(file)) {
            List<String> corpus = new ArrayList<>();
            for (AssertionExample e : train) {
                corpus.add(e.testMethodMasked());
                corpus.add(e.focalMethod());
                corpus.add(e.target());
            }
            Tokenizer.train(corpus, o.vocabSize()).save(file);
        }
        return file;
    }

    private void report(MetricsLogger metrics, Result result, ModelConfig config, State state) {
        Path lossPng = run.file("loss.png"), validPng = run.file("validation.png");
        LineChart.write(lossPng, "Training loss", "step", "token NLL", List.of(metrics.series("train/loss", "train"), metrics.series("valid/loss", "valid")));
        LineChart.write(validPng, "Validation (greedy)", "step", "score", List.of(metrics.series("valid/exact_match", "exact match"), metrics.series("valid/bleu", "BLEU-4")));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("preset", config.preset());
        facts.put("parameters", result.parameters());
        facts.put("steps", result.steps());
        facts.put("best step", state.bestStep());
        facts.put("training time (s)", String.format(Locale.ROOT, "%.0f", result.trainSeconds()));
        facts.put("train / valid examples", result.trainExamples() + " / " + result.validExamples());
        facts.put("model", config.toString());
        List<List<String>> rows = new ArrayList<>();
        rows.add(row(result.teacher()));
        for (Scores b : result.baselines()) rows.add(row(b));
        new HtmlReport("kd train-teacher")
                .paragraph("Teacher trained on " + result.trainExamples() + " examples; scores on all " + result.validExamples()
                        + " validation examples. Model in best/.")
                .table("Validation", List.of("predictor", "exact match", "BLEU-4"), rows)
                .keyValues("Run", facts)
                .image("Loss per step", lossPng)
                .image("Validation during training (periodic validations use a prefix of the split)", validPng)
                .write(run.file("report.html"));
    }

    private static List<String> row(Scores s) {
        return List.of(s.name(), String.format(Locale.ROOT, "%.4f", s.exactMatch()), String.format(Locale.ROOT, "%.4f", s.bleu()));
    }
}
