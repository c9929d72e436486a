package dev.retort.kd.distill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.RetortException;
import dev.retort.core.Rng;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.run.RunDirectory;
import dev.retort.core.train.CheckpointDirectory;
import dev.retort.core.train.LearningRateSchedule;
import dev.retort.core.train.OptimizerStep;
import dev.retort.core.train.ResumeCheck;
import dev.retort.core.train.StepLoop;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.data.AssertionTask;
import dev.retort.kd.evaluate.AssertionPredictor;
import dev.retort.kd.evaluate.PredictionFiles;
import dev.retort.kd.loss.DistillationLoss;
import dev.retort.kd.loss.LossBatch;
import dev.retort.kd.loss.LossComponents;
import dev.retort.kd.loss.SampledSequences;
import dev.retort.kd.loss.SequenceSampler;
import dev.retort.kd.loss.TeacherSignal;
import dev.retort.text.metrics.AssertionMetrics;
import dev.retort.text.metrics.ExampleScores;
import dev.retort.text.metrics.MetricsSummary;
import dev.retort.kd.train.ParallelMicroBatches;
import dev.retort.kd.train.Seq2SeqTrainingLoop;
import dev.retort.text.embed.TextEmbedder;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.IdentifierAbstraction;
import dev.retort.kd.model.ModelConfig;
import dev.retort.kd.model.Seq2SeqModel;
import dev.retort.kd.model.SequenceBatch;
import dev.retort.kd.model.TrainingCheckpoint;
import dev.retort.kd.retrieve.AssertionMemory;
import dev.retort.kd.schedule.ScheduleClock;
import dev.retort.kd.schedule.ScheduleClock.Granularity;
import dev.retort.kd.schedule.TemperatureSchedule;
import dev.retort.text.tokenize.HfTokenizer;
import dev.retort.text.tokenize.TextTokenizer;
import dev.retort.text.tokenize.Tokenizer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Trains a student seq2seq model from a teacher's logits with the multi-component objective, on a schedule,
 * and writes the original pipeline's outputs into the run directory (see docs/kd-distill.md).
 */
public final class Distiller {
    private final DistillOptions o;
    private final RunDirectory run;
    private final Consumer<String> warnings;
    private final Engine engine = Engine.get();

    /**
     * What a run produced: where the student is, its final metrics and the training cost. When stopAfterEpoch ended
     * the invocation early, finished is false and finalModel, finalMetrics and lossSummary are null.
     */
    public record Result(boolean finished, Path finalModel, MetricsSummary finalMetrics, String evaluatedOn, long parameters,
                         long optimizerSteps, double trainSeconds, Map<String, Object> lossSummary) {
    }

    /**
     * Saved after every epoch: where training stands, so --resume continues with the next epoch, and the options of the
     * run ({@link ResumeCheck}; null in checkpoints written before they were saved).
     */
    record State(int epochsDone, long step, double trainSeconds, List<Map<String, Object>> epochRows, LossTotals.Snapshot totals,
                 JsonNode options) {
    }

    private Distiller(DistillOptions o, RunDirectory run, Consumer<String> warnings) {
        this.o = o;
        this.run = run;
        this.warnings = warnings;
    }

    /** @param embedder opened only if a loss term or --use-enhanced-metrics needs sentence embeddings */
    public static Result run(DistillOptions o, RunDirectory run, Supplier<TextEmbedder> embedder) {
        return run(o, run, embedder, w -> { });
    }

    /** As {@link #run(DistillOptions, RunDirectory, Supplier)}; each warning also goes to {@code warnings} (and always to the log). */
    public static Result run(DistillOptions o, RunDirectory run, Supplier<TextEmbedder> embedder, Consumer<String> warnings) {
        return new Distiller(o, run, warnings).train(memoize(embedder));
    }

    private Result train(Supplier<TextEmbedder> embedder) {
        long started = System.nanoTime();
        Inputs in = inputs(embedder);
        boolean resuming = o.run().resume() && CheckpointDirectory.exists(run.path());
        if (o.run().resume() && !resuming) warn("--resume: no checkpoint in " + run.path() + "; starting from epoch 1");
        if (resuming) ResumeCheck.requireSameOptions(run.path(), o.checkpointed());
        Seq2SeqModel student = student(in, resuming);
        note("student %s: %,d parameters, vocabulary %d (%s); %d training examples (%s), %d validation; loss %s %s, weights %s",
                o.model().studentSize(), student.parameterCount(), in.vocab(), tokenizerKind(in.tokenizer()), in.train().items().size(),
                in.teacherFile() ? "teacher logits from file" : in.teacher() != null ? "teacher online" : "no teacher",
                in.valid().size(), in.plan().mode().cliName(), in.plan().components(), in.plan().schedule().name());
        Training t = new Training(in, student, resuming, started);
        int endEpoch = o.run().stopAfterEpoch() > 0 ? Math.min(o.training().epochs(), o.run().stopAfterEpoch()) : o.training().epochs();
        try (ParallelMicroBatches replicas = t.replicas;
             StepLog steps = new StepLog(run.file("step_metrics.csv"), in.plan().components(), o.loss().semanticLossScale(), resuming ? t.step : -1);
             MetricsLogger metrics = resuming ? run.resumeMetrics("scalars", t.step) : run.metrics("scalars")) {
            new StepLoop("kd distill", t.totalSteps, t.stepsPerEpoch).run(t.step, (long) endEpoch * t.stepsPerEpoch, new StepLoop.Body() {
                long epochStart;
                LossTotals epochTotals;
                int[] order;

                @Override
                public void epochStart(int epoch) {
                    epochStart = System.nanoTime();
                    epochTotals = new LossTotals(in.plan().components());
                    order = t.shuffles.fork("epoch-" + epoch).permutation(in.train().items().size());
                }

                @Override
                public double step(long step, int epoch, int index) {
                    StepLog.Row row = t.optimizerStep(epoch, index, order, epochTotals);
                    steps.write(row);
                    metrics.log(t.step, steps.scalars(row));
                    return row.totalWeighted();
                }

                @Override
                public void epochEnd(int epoch, long stepsDone) {
                    t.endEpoch(epoch, epochTotals, (System.nanoTime() - epochStart) / 1e9, metrics, embedder);
                }
            });
            if (endEpoch < o.training().epochs()) {
                note("stopped after epoch %d as asked; continue with the same options plus --resume", endEpoch);
                return new Result(false, null, null, null, student.parameterCount(), t.step, t.seconds(), null);
            }
            return finish(in, t, metrics, embedder);
        }
    }

    /** What a run reads and checks before it trains: data, tokenizer and encoder, loss plan, the online teacher if any. */
    private record Inputs(BadRecords bad, boolean compat, boolean teacherFile, Seq2SeqModel teacher, TextTokenizer tokenizer,
                          ExampleEncoder encoder, TrainingSet train, int vocab, List<AssertionExample> valid, LossPlan plan,
                          DistillationLoss loss) {
    }

    private Inputs inputs(Supplier<TextEmbedder> embedder) {
        BadRecords bad = BadRecords.of(o.data().skipBadRecords());
        boolean compat = o.data().vocabFromTeacherFile();
        Seq2SeqModel teacher = o.data().teacherModelPath() == null ? null : Seq2SeqModel.load(o.data().teacherModelPath());
        if (teacher != null) checkLengths(teacher.config());
        boolean teacherFile = TrainingSet.hasTeacherLogits(o.data().trainDataPath());
        if (compat && !teacherFile) {
            throw new BadInputException("--vocab-from-teacher-file needs a teacher-logit file as --train-data-path");
        }
        var teacherRecords = teacherFile ? TrainingSet.readTeacherFile(o.data().trainDataPath(), o.data().maxTrainSamples(), bad) : null;
        TextTokenizer tokenizer = tokenizer(teacherRecords == null ? List.of()
                : teacherRecords.stream().map(r -> r.example()).toList());
        AssertionMemory memory = memory();
        ExampleEncoder encoder = new ExampleEncoder(tokenizer, memory, o.model().maxInputLen(), o.model().maxOutputLen(),
                memory == null ? AssertionTask.METHOD : memory.task(), teacherIdentifiers(), teacherFocalSignatures());
        TrainingSet train = teacherFile
                ? TrainingSet.fromTeacherFile(o.data().trainDataPath(), teacherRecords, encoder, o.data().teacherTopK(), compat,
                        o.model().maxOutputLen())
                : TrainingSet.withoutTeacher(TrainingSet.readExamples(o.data().trainDataPath(), o.data().maxTrainSamples(), bad), encoder);
        int vocab = compat ? Math.max(tokenizer.vocabSize(), train.teacherVocab()) : tokenizer.vocabSize();
        if (teacher != null && teacher.config().vocabSize() != vocab) {
            throw new BadInputException(o.data().teacherModelPath() + ": the teacher has V = " + teacher.config().vocabSize()
                    + " but the tokenizer has " + vocab + "; pass the teacher's own tokenizer.json");
        }
        // validation examples spread over the file, not its first ones: a prefix holds a few test classes and flatters
        List<AssertionExample> valid = o.data().valDataPath() != null
                ? AssertionDataset.spread(TrainingSet.readExamples(o.data().valDataPath(), 0, bad), o.data().maxValSamples()) : List.of();
        LossPlan plan = LossPlan.of(o);
        plan.warnings().forEach(this::warn);
        DistillationLoss loss = new DistillationLoss(LossComponents.create(plan.components(), embedder, o.loss().semanticLossScale()));
        if (loss.needsTeacher() && !teacherFile && teacher == null) {
            throw new BadInputException("loss components " + plan.components() + " need a teacher: pass a teacher-logit file as "
                    + "--train-data-path or a teacher model directory with --teacher-model-path");
        }
        if (compat && loss.needsSamples()) {
            throw new BadInputException("sequence-level terms (semantic, contrastive, pans, ast) need decodable outputs; "
                    + "with --vocab-from-teacher-file the student's ids are the course tokenizer's, which the run does not have; pass that "
                    + "tokenizer.json with --tokenizer instead (e.g. CodeT5's for a course file made with CodeT5)");
        }
        return new Inputs(bad, compat, teacherFile, teacher, tokenizer, encoder, train, vocab, valid, plan, loss);
    }

    /** The live teacher scores the student's batches, so their sources and targets must fit the teacher's positions. */
    private void checkLengths(ModelConfig teacher) {
        if (o.model().maxInputLen() > teacher.maxSourceLen() || o.model().maxOutputLen() + 1 > teacher.maxTargetLen()) {
            throw new BadInputException("--max-input-len " + o.model().maxInputLen() + " / --max-output-len " + o.model().maxOutputLen()
                    + " exceed what the teacher in " + o.data().teacherModelPath() + " reads (" + teacher.maxSourceLen() + " source, "
                    + (teacher.maxTargetLen() - 1) + " target tokens): it scores the student's batches, so pass --max-input-len "
                    + teacher.maxSourceLen() + " --max-output-len " + (teacher.maxTargetLen() - 1) + " or less");
        }
    }

    /** A fresh student of the asked size, or the checkpoint's when resuming (refused if its shape differs). */
    private Seq2SeqModel student(Inputs in, boolean resuming) {
        ModelConfig config = ModelConfig.preset(o.model().studentSize(), in.vocab(), in.tokenizer().pad(), in.tokenizer().bos(), in.tokenizer().eos())
                .withLengths(o.model().maxInputLen(), o.model().maxOutputLen() + 1).withDropout(o.model().dropoutRate())
                .withCopyFollow(o.model().copyFollow());
        Seq2SeqModel student = resuming ? TrainingCheckpoint.model(run.path()) : Seq2SeqModel.create(config);
        if (!student.config().equals(config)) {
            throw new BadInputException(run.file(CheckpointDirectory.DIR) + " holds a " + student.config() + " student but the options ask for " + config
                    + "; resume with the options of the original run");
        }
        return student;
    }

    /**
     * One invocation's training state: the optimizer, the schedules (weights, temperature, learning rate, all functions of
     * the step), the batch order (a function of the epoch) and the running totals, restored from the checkpoint when
     * resuming, so a resumed run continues exactly where an uninterrupted one would be.
     */
    private final class Training {
        final Inputs in;
        final Seq2SeqModel student;
        final AdamW optimizer;
        final OptimizerStep update;
        final ParallelMicroBatches replicas;                 // null: micro-batches one after another on the student
        final int microPerEpoch;
        final int stepsPerEpoch;
        final long totalSteps;
        final LearningRateSchedule lrSchedule;
        final TemperatureSchedule temperature;
        final ScheduleClock clock;
        final Rng shuffles = engine.rng().fork("distill-batches");
        final LossTotals totals;
        final List<Map<String, Object>> epochRows;
        final int epochsDone;
        final double secondsBefore;
        final long started;
        long step;

        Training(Inputs in, Seq2SeqModel student, boolean resuming, long started) {
            this.in = in;
            this.student = student;
            this.started = started;
            microPerEpoch = (in.train().items().size() + o.training().batchSize() - 1) / o.training().batchSize();
            stepsPerEpoch = (microPerEpoch + o.training().gradientAccumulationSteps() - 1) / o.training().gradientAccumulationSteps();
            totalSteps = (long) stepsPerEpoch * o.training().epochs();
            lrSchedule = LearningRateSchedule.withDefaultWarmup(o.optimizer().lr(), o.optimizer().warmupSteps(), totalSteps);
            if (o.optimizer().warmupSteps() > totalSteps) {
                warn(String.format(Locale.ROOT, "--warmup-steps %d is more than the run's %d optimizer steps: the learning rate "
                        + "peaks at %.3g, not --lr %.3g", o.optimizer().warmupSteps(), totalSteps, lrSchedule.at(totalSteps - 1), o.optimizer().lr()));
            }
            temperature = TemperatureSchedule.annealed(o.schedule().temperature(), o.schedule().temperatureEnd());
            clock = new ScheduleClock(Granularity.parse(o.schedule().scheduleGranularity()), o.training().epochs(), totalSteps);
            optimizer = Seq2SeqTrainingLoop.adamW(student, o.optimizer().lr(), o.optimizer().weightDecay());
            update = new OptimizerStep(optimizer, student.parameters(), o.optimizer().clipNorm());
            replicas = replicas(in, student);
            State state = new State(0, 0, 0, List.of(), new LossTotals(in.plan().components()).snapshot(), o.checkpointed());
            if (resuming) {
                state = CheckpointDirectory.restore(run.path(), optimizer, State.class);
                note("resuming after epoch %d (step %d)", state.epochsDone(), state.step());
            }
            totals = LossTotals.restore(in.plan().components(), state.totals());
            epochRows = new ArrayList<>(state.epochRows());
            epochsDone = state.epochsDone();
            step = state.step();
            secondsBefore = state.trainSeconds();
        }

        /** Training time over all invocations so far. */
        double seconds() {
            return secondsBefore + (System.nanoTime() - started) / 1e9;
        }

        /** Step s of the epoch: its micro-batches (taken from {@code order}), clipping, the AdamW update; returns its log row. */
        StepLog.Row optimizerStep(int epoch, int s, int[] order, LossTotals epochTotals) {
            double p = clock.at(epoch, step);
            Map<String, Double> weights = in.plan().schedule().at(p);
            double t = temperature.at(p);
            double lr = lrSchedule.at(step);
            student.train(true);
            optimizer.zero_grad();
            int firstMicro = s * o.training().gradientAccumulationSteps();
            int micros = Math.min(o.training().gradientAccumulationSteps(), microPerEpoch - firstMicro);
            int[][] batches = new int[micros][];
            int examples = 0;
            for (int m = 0; m < micros; m++) {
                int from = (firstMicro + m) * o.training().batchSize();
                batches[m] = Arrays.copyOfRange(order, from, Math.min(order.length, from + o.training().batchSize()));
                examples += batches[m].length;
            }
            ParallelMicroBatches.MicroStep<MicroResult> micro = (model, m) -> {
                model.train(true);
                try (var scope = Engine.step()) {
                    return microStep(model, in.teacher(), in.train(), batches[m], in.loss(), weights, t, micros, step, in.compat(), in.encoder());
                }
            };
            List<MicroResult> results = ParallelMicroBatches.run(replicas, student, micros, micro);
            Map<String, Double> raw = new LinkedHashMap<>();
            Map<String, Double> weighted = new LinkedHashMap<>();
            for (MicroResult result : results) {
                result.raw().forEach((k, v) -> raw.merge(k, v / micros, Double::sum));
                result.weighted().forEach((k, v) -> weighted.merge(k, v / micros, Double::sum));
            }
            double[] norms = updateWeights(lr, epoch);
            totals.add(raw, weighted);
            epochTotals.add(raw, weighted);
            step++;
            return new StepLog.Row(epoch + 1, step, firstMicro + micros - 1, raw, weighted, weights, norms[0],
                    norms[1], norms[2], lr, t, o.loss().alpha(), examples, Pointer.physicalBytes() / (1024.0 * 1024.0), seconds());
        }

        /**
         * Replicas for {@code --workers} above 1, refused where a micro-batch would draw random numbers or share the
         * online teacher across threads.
         */
        private ParallelMicroBatches replicas(Inputs in, Seq2SeqModel student) {
            int workers = o.training().workers();
            if (workers == 1) return null;
            if (o.model().dropoutRate() > 0) {
                throw new BadInputException("--workers " + workers + " needs --dropout-rate 0 (got " + o.model().dropoutRate()
                        + "): dropout masks draw from libtorch's one generator");
            }
            if (in.loss().needsSamples()) {
                throw new BadInputException("--workers " + workers + " cannot train sampled loss terms (" + in.plan().components()
                        + "): their samples draw from libtorch's one generator; use --workers 1");
            }
            if (in.loss().needsTeacher() && !in.train().fromTeacherFile()) {
                throw new BadInputException("--workers " + workers + " needs teacher logits from a file (kd teacher-logits), not an online teacher");
            }
            return new ParallelMicroBatches(student, workers);
        }

        /** Gradient norms (total, encoder, decoder), a stop on a non-finite one, clipping and the optimizer step at lr. */
        private double[] updateWeights(double lr, int epoch) {
            try (var scope = Engine.step()) {
                double[] norms = gradNorms(student);
                if (!Double.isFinite(norms[0])) {
                    throw new RetortException(String.format(Locale.ROOT, "non-finite gradient norm at step %d (epoch %d); "
                            + "lower --lr or the loss weights", step + 1, epoch + 1));
                }
                update.apply(lr);
                return norms;
            }
        }

        /** The epoch's summary (and validation when due) into epoch_N_summary.json and the metrics, then the checkpoint. */
        void endEpoch(int epoch, LossTotals epochTotals, double seconds, MetricsLogger metrics, Supplier<TextEmbedder> embedder) {
            long lastStep = Math.max(0, step - 1);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("epoch", epoch + 1);
            summary.put("steps", step);
            summary.put("train_loss", epochTotals.meanTotal());
            summary.put("loss_raw", epochTotals.meanRaw());
            summary.put("loss_weighted", epochTotals.meanWeighted());
            summary.put("weights", in.plan().schedule().at(clock.at(epoch, lastStep)));
            summary.put("temperature", temperature.at(clock.at(epoch, lastStep)));
            summary.put("learning_rate", lrSchedule.at(lastStep));
            summary.put("seconds", seconds);
            metrics.log(step, StepLog.TRAINING + "epoch_time", seconds);
            boolean last = epoch == o.training().epochs() - 1;
            MetricsSummary validation = null;
            if (!in.valid().isEmpty() && !in.compat() && (last || (epoch + 1) % o.run().validationFrequency() == 0)) {
                List<AssertionExample> subset = last ? in.valid() : AssertionDataset.spread(in.valid(), 200);
                validation = validate(subset, metrics, embedder);
                summary.put("validation", validation.asMap());
                summary.put("validation_examples", subset.size());
            }
            epochRows.add(summary);
            Json.write(run.file("epoch_" + (epoch + 1) + "_summary.json"), summary);
            note("epoch %d: loss %.4f %s%s", epoch + 1, epochTotals.meanTotal(), epochTotals.meanRaw(), validation == null ? ""
                    : String.format(Locale.ROOT, "; valid exact match %.4f BLEU %.4f", validation.exactMatch(), validation.bleu()));
            TrainingCheckpoint.save(run.path(), student, null, in.encoder(), optimizer, new State(epoch + 1, step, seconds(),
                    epochRows, totals.snapshot(), o.checkpointed()));
        }

        private MetricsSummary validate(List<AssertionExample> subset, MetricsLogger metrics, Supplier<TextEmbedder> embedder) {
            List<String> predictions = AssertionPredictor.generate(student, in.encoder(), subset, 32, o.model().maxOutputLen());
            AssertionMetrics scorer = new AssertionMetrics(o.run().useEnhancedMetrics() ? embedder.get() : null);
            MetricsSummary summary = AssertionMetrics.summarize(scorer.score(subset.stream().map(AssertionExample::target).toList(), predictions));
            Map<String, Double> vs = new LinkedHashMap<>();
            summary.asMap().forEach((k, v) -> {
                if (!Double.isNaN(v)) vs.put(StepLog.VALIDATION + k, v);
            });
            metrics.log(step, vs);
            return summary;
        }
    }

    /** The finished run: final_model/, final predictions, the loss summary, training_report.json and the HTML report. */
    private Result finish(Inputs in, Training t, MetricsLogger metrics, Supplier<TextEmbedder> embedder) {
        double trainSeconds = t.seconds();
        Path finalModel = run.file("final_model");
        Path tokenizerFile = run.file("tokenizer.json");
        in.tokenizer().save(tokenizerFile);
        in.encoder().saveModel(t.student, tokenizerFile, finalModel, run.path());
        try {
            Files.deleteIfExists(tokenizerFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Final fin = finalPredictions(t.student, in.encoder(), in.train(), in.valid(), in.compat(), embedder);
        Map<String, Object> lossSummary = t.totals.summary(in.plan().schedule());
        Json.write(run.file("multi_component_loss_summary.json"), lossSummary);
        writeTrainingMetrics(t.epochRows);
        Result result = new Result(true, finalModel, fin.summary(), fin.on(), t.student.parameterCount(), t.step, trainSeconds, lossSummary);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("loss_function", in.plan().mode().cliName());
        report.put("components", in.plan().components());
        report.put("schedule", in.plan().schedule().name());
        report.put("weights_start", in.plan().schedule().at(0));
        report.put("weights_end", in.plan().schedule().at(1));
        report.put("temperature", Map.of("start", o.schedule().temperature(), "end", o.schedule().temperatureEnd()));
        report.put("student", Map.of("size", o.model().studentSize(), "parameters", t.student.parameterCount(), "vocab", in.vocab(),
                "tokenizer", tokenizerKind(in.tokenizer())));
        report.put("train_examples", in.train().items().size());
        report.put("validation_examples", in.valid().size());
        report.put("optimizer_steps", t.step);
        report.put("effective_batch_size", o.training().batchSize() * o.training().gradientAccumulationSteps());
        report.put("train_seconds", trainSeconds);
        report.put("final_metrics_on", fin.on());
        report.put("final_metrics", fin.summary().asMap());
        report.put("epochs", t.epochRows);
        report.put("bad_records_skipped", in.bad().skipped());
        report.put("bad_records", in.bad().asJson());
        Json.write(run.file("training_report.json"), report);
        note("done: %d steps in %.1f s; final metrics on %s: %s", t.step, trainSeconds, fin.on(), fin.summary().asMap());
        DistillReport.write(run, metrics, in.plan(), result, o, in.bad());
        return result;
    }

    private record MicroResult(Map<String, Double> raw, Map<String, Double> weighted) {
    }

    /** Forward + backward of one micro-batch; the objective is divided by the number of micro-batches. */
    private MicroResult microStep(Seq2SeqModel student, Seq2SeqModel teacher, TrainingSet train, int[] ids,
                                  DistillationLoss loss, Map<String, Double> weights, double temperature, int micros,
                                  long step, boolean compat, ExampleEncoder encoder) {
        List<int[]> sources = new ArrayList<>();
        List<int[]> targets = new ArrayList<>();
        for (int i : ids) {
            sources.add(train.items().get(i).source());
            targets.add(train.items().get(i).target());
        }
        SequenceBatch batch = student.batch(sources, targets);
        Tensor logits = student.logits(batch);                                           // [B, T, V]
        int positions = (int) logits.size(1);
        TeacherSignal signal = null;
        if (loss.needsTeacher()) {
            if (train.fromTeacherFile()) {
                signal = TeacherBatch.of(Arrays.stream(ids).mapToObj(i -> train.items().get(i).teacher()).toList(),
                        positions, (int) logits.size(2), student.device());
            } else {
                try (var noGrad = new NoGradGuard()) {
                    teacher.train(false);
                    signal = new TeacherSignal.Full(teacher.logits(batch).detach());
                }
            }
        }
        SampledSequences samples = null;
        boolean sequenceTermsActive = loss.components().stream().anyMatch(c -> c.needsSamples() && weights.get(c.name()) > 0);
        if (sequenceTermsActive) {
            samples = sample(student, batch, ids, train, encoder);
        }
        Map<String, Double> active = new LinkedHashMap<>(weights);
        var components = loss.components().stream().filter(c -> !c.needsSamples() || weights.get(c.name()) > 0).toList();
        if (components.isEmpty()) return new MicroResult(Map.of(), Map.of());
        DistillationLoss.Result result;
        try {
            result = new DistillationLoss(components).compute(
                    new LossBatch(logits, batch.targetOut(), batch.targetMask().to(torch.ScalarType.Float), signal, temperature, samples),
                    active);
        } catch (DistillationLoss.NonFiniteLossException e) {
            throw new RetortException(String.format(Locale.ROOT, "%s at step %d, batch of examples %s (ids %s); lower --lr, "
                    + "the temperature range or the weights", e.getMessage(), step + 1, Arrays.toString(ids),
                    Arrays.stream(ids).mapToObj(i -> train.items().get(i).example().id()).toList()), e);
        }
        try {
            result.total().div(new Scalar((double) micros)).backward();
        } catch (RuntimeException e) {
            throw new RetortException("backward pass failed at step " + (step + 1) + ": " + e.getMessage(), e);
        }
        return new MicroResult(result.raw(), result.weighted());
    }

    /** Samples o.loss().samplesPerExample() outputs per example from the student and their log-probs with gradient. */
    private SampledSequences sample(Seq2SeqModel student, SequenceBatch batch, int[] ids, TrainingSet train, ExampleEncoder encoder) {
        int per = o.loss().samplesPerExample();
        long[] rows = new long[ids.length * per];
        for (int i = 0; i < rows.length; i++) rows[i] = i / per;
        Tensor index = dev.retort.core.tensor.Tensors.of(rows, rows.length).to(student.device(), torch.ScalarType.Long);
        Tensor src = batch.source().index_select(0, index);
        Tensor srcMask = batch.sourceMask().index_select(0, index);
        SequenceSampler.Policy policy = prefix -> student.logits(src, srcMask, prefix.to(student.device(), torch.ScalarType.Long));
        ModelConfig c = student.config();
        int longestGold = 0;
        for (int i : ids) longestGold = Math.max(longestGold, train.items().get(i).target().length);
        // samples much longer than the gold only cost time: cap at twice the longest gold (+4) in the batch
        int maxLen = Math.min(c.maxTargetLen() - 1, 2 * longestGold + 4);
        var cached = student.stepper(src, srcMask);
        long[][] seqs = SequenceSampler.sample(cached::apply, rows.length, c.bosId(), c.eosId(), maxLen);
        List<String> texts = new ArrayList<>();
        for (int r = 0; r < seqs.length; r++) {
            long[] seq = seqs[r];
            int n = seq.length > 0 && seq[seq.length - 1] == c.eosId() ? seq.length - 1 : seq.length;
            int[] tokens = new int[n];
            for (int j = 0; j < n; j++) tokens[j] = (int) seq[j];
            texts.add(encoder.decode(train.items().get(ids[(int) rows[r]]).example(), tokens));
        }
        Tensor logp = SequenceSampler.logProbs(policy, seqs, c.bosId(), c.eosId());
        List<String> refs = Arrays.stream(ids).mapToObj(i -> train.items().get(i).example().target()).toList();
        return new SampledSequences(texts, logp, refs, per);
    }

    /** L2 norms of all gradients, the encoder's and the decoder's (the shared token embedding counts in total only). */
    private static double[] gradNorms(Seq2SeqModel model) {
        double total = 0, enc = 0, dec = 0;
        var named = model.module().named_parameters(true);
        for (long i = 0; i < named.size(); i++) {
            String name = named.get(i).key().getString();
            Tensor g = named.get(i).value().grad();
            if (g == null || g.isNull() || !g.defined()) continue;
            double sq = Math.pow(g.norm().item_double(), 2);
            total += sq;
            if (name.startsWith("encoder") || name.startsWith("source_positions")) enc += sq;
            else if (name.startsWith("decoder") || name.startsWith("target_positions") || name.startsWith("copy")) dec += sq;
        }
        return new double[]{Math.sqrt(total), Math.sqrt(enc), Math.sqrt(dec)};
    }

    private record Final(MetricsSummary summary, String on) {
    }

    /** Predictions of the final student: on the validation set, or (labelled) on training data when none was given. */
    private Final finalPredictions(Seq2SeqModel student, ExampleEncoder encoder, TrainingSet train, List<AssertionExample> valid,
                                   boolean compat, Supplier<TextEmbedder> embedder) {
        AssertionMetrics scorer = new AssertionMetrics(o.run().useEnhancedMetrics() && !compat ? embedder.get() : null);
        if (compat) {
            // the student's ids are the course tokenizer's: score agreement with the teacher's argmax ids as id strings
            var items = train.items().subList(0, Math.min(train.items().size(), 200));
            List<String> refs = new ArrayList<>();
            List<String> preds = new ArrayList<>();
            List<int[]> generated = student.generateGreedy(items.stream().map(TrainingSet.Item::source).toList(), o.model().maxOutputLen());
            for (int i = 0; i < items.size(); i++) {
                refs.add(idText(items.get(i).target()));
                preds.add(idText(generated.get(i)));
            }
            return writeFinal(items.stream().map(TrainingSet.Item::example).toList(), refs, preds, scorer,
                    "training records (course compat: teacher argmax ids vs student ids)");
        }
        boolean onValid = !valid.isEmpty();
        List<AssertionExample> examples = onValid ? valid : train.examples().subList(0, Math.min(train.items().size(), 200));
        List<String> predictions = AssertionPredictor.generate(student, encoder, examples, 32, o.model().maxOutputLen());
        return writeFinal(examples, examples.stream().map(AssertionExample::target).toList(), predictions, scorer,
                onValid ? "validation set" : "TRAINING data (no --val-data-path given)");
    }

    private Final writeFinal(List<AssertionExample> examples, List<String> refs, List<String> predictions,
                             AssertionMetrics scorer, String on) {
        List<ExampleScores> scores = scorer.score(refs, predictions);
        MetricsSummary summary = AssertionMetrics.summarize(scores);
        PredictionFiles.write(run.path(), "final", examples, predictions, scores, summary, Map.of("evaluated_on", on));
        return new Final(summary, on);
    }

    private static String idText(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) sb.append(sb.isEmpty() ? "" : " ").append(id);
        return sb.toString();
    }

    private void writeTrainingMetrics(List<Map<String, Object>> epochs) {
        List<String> header = new ArrayList<>(List.of("epoch", "steps", "train_loss", "temperature", "learning_rate", "seconds"));
        List<String> validKeys = new ArrayList<>();
        for (var e : epochs) {
            if (e.get("validation") instanceof Map<?, ?> v) {
                for (Object k : v.keySet()) if (!validKeys.contains("val_" + k)) validKeys.add("val_" + k);
            }
        }
        header.addAll(validKeys);
        try (var csv = dev.retort.core.io.CsvWriter.create(run.file("training_metrics.csv"), header)) {
            for (var e : epochs) {
                List<Object> row = new ArrayList<>();
                for (String h : header.subList(0, 6)) row.add(e.get(h));
                Map<?, ?> v = e.get("validation") instanceof Map<?, ?> m ? m : Map.of();
                for (String k : validKeys) row.add(v.containsKey(k.substring(4)) ? v.get(k.substring(4)) : "");
                csv.row(row.toArray());
            }
        }
    }

    /** The teacher's identifier abstraction (from the teacher model or the memory's model directory): the student shares its ids. */
    private IdentifierAbstraction teacherIdentifiers() {
        return teacherModelDir().map(ExampleEncoder::identifiersInModel).orElse(null);
    }

    /** Whether the teacher's sources end with the focal class's signatures: the student's then do too. */
    private boolean teacherFocalSignatures() {
        return teacherModelDir().map(ExampleEncoder::focalSignaturesInModel).orElse(false);
    }

    /** The teacher model's directory, or the memory's model directory, whichever is given and exists first. */
    private java.util.Optional<Path> teacherModelDir() {
        return java.util.stream.Stream.of(o.data().teacherModelPath(), o.data().retrievalMemory())
                .filter(dir -> dir != null && Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(ExampleEncoder.FILE))).findFirst();
    }

    /** The retrieval memory the sources are built with: the one asked for, else the online teacher's, else none. */
    private AssertionMemory memory() {
        if (o.data().retrievalMemory() != null) return AssertionMemory.at(o.data().retrievalMemory());
        return o.data().teacherModelPath() == null ? null : AssertionMemory.inModel(o.data().teacherModelPath()).orElse(null);
    }

    /** --tokenizer (any Hugging Face tokenizer.json), else the online teacher's, else (compat) one learned from the file. */
    private TextTokenizer tokenizer(List<AssertionExample> fileExamples) {
        Path path = o.data().tokenizerPath();
        if (path == null && o.data().teacherModelPath() != null) path = o.data().teacherModelPath().resolve(Seq2SeqModel.TOKENIZER_FILE);
        if (path != null) {
            if (!Files.isRegularFile(path)) throw new BadInputException(path + ": no tokenizer.json there; pass --tokenizer");
            return TextTokenizer.load(path);
        }
        if (o.data().vocabFromTeacherFile()) {
            // course files carry no tokenizer: a small byte-level BPE learned from the file's own inputs encodes the sources
            List<String> corpus = new ArrayList<>();
            for (AssertionExample e : fileExamples) corpus.add(e.input("\n"));
            return Tokenizer.train(corpus, 512);
        }
        throw new BadInputException("no tokenizer: pass --tokenizer tokenizer.json (the teacher's: its model directory's, or the "
                + "Hugging Face tokenizer.json of a course file's teacher, e.g. CodeT5's), --teacher-model-path, or for a course file "
                + "--vocab-from-teacher-file");
    }

    private static String tokenizerKind(TextTokenizer tokenizer) {
        return tokenizer instanceof HfTokenizer hf ? "Hugging Face " + hf.modelType() : "retort byte-level BPE";
    }

    private void warn(String message) {
        note("warning: %s", message);
        warnings.accept(message);
    }

    private void note(String format, Object... args) {
        String line = java.time.Instant.now() + " " + String.format(Locale.ROOT, format, args);
        try {
            Files.writeString(run.file("distillation_log.txt"), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new RetortException("cannot write " + run.file("distillation_log.txt") + ": " + e.getMessage(), e);
        }
    }

    private static <T> Supplier<T> memoize(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) value = s.get();
                return value;
            }
        };
    }
}
