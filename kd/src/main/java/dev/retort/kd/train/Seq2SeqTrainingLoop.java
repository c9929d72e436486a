package dev.retort.kd.train;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.RetortException;
import dev.retort.core.Rng;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.train.AdamWOptimizers;
import dev.retort.core.train.DecayPolicy;
import dev.retort.core.train.LearningRateSchedule;
import dev.retort.core.train.OptimizerStep;
import dev.retort.core.train.StepLoop;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.Seq2SeqModel;
import dev.retort.kd.model.SequenceBatch;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The seq2seq trainers' steps (teacher, pretraining) on {@link StepLoop}: linear warmup then linear decay of
 * the learning rate, length-bucketed batches in an order drawn per epoch, gradient accumulation over micro-batches
 * (the loss is the token NLL summed over the step's micro-batches and divided by their target tokens), clipping at
 * 1.0, a stop on a non-finite loss, {@code train/loss} and {@code train/lr} per step, and a trainer-supplied
 * {@link Checkpoint} hook every {@code evalEvery} steps and at the end of the invocation, where the trainer
 * validates, keeps its best model and writes {@code checkpoint/}.
 *
 * <p>Dropout masks come from libtorch's generator reseeded from (seed, step) and batch order from (seed, epoch), so
 * the random state is a function of the step: a run resumed at step k ({@link #run} with {@code startStep = k} and
 * the restored optimizer) takes the same path as an uninterrupted one, as long as {@link Examples#get} is a pure
 * function of (index, epoch).
 */
public final class Seq2SeqTrainingLoop {
    /**
     * @param evalEvery call the checkpoint hook every this many optimizer steps, and at the end
     * @param maxSteps  stop after this many optimizer steps (0: run all epochs); sets the schedule's length
     * @param stopAfter end this invocation after this step (0: run to the end); the schedule is unchanged
     */
    public record Schedule(int epochs, int batchSize, int gradAccum, double lr, int warmupSteps, int maxSteps, int evalEvery, int stopAfter) {
        public Schedule {
            if (epochs < 1 || batchSize < 1 || gradAccum < 1) throw new BadInputException("--epochs, --batch-size and --grad-accum must be at least 1");
            if (!(lr > 0)) throw new BadInputException("--lr must be positive, got " + lr);
            if (warmupSteps < 0 || maxSteps < 0 || stopAfter < 0) throw new BadInputException("--warmup-steps, --max-steps and --stop-after must not be negative");
            if (evalEvery < 1) throw new BadInputException("--eval-every must be at least 1");
        }

        public Schedule withEpochs(int epochs) {
            return new Schedule(epochs, batchSize, gradAccum, lr, warmupSteps, maxSteps, evalEvery, stopAfter);
        }

        /** Micro-batches of batchSize examples, gradAccum of them per optimizer step. */
        public Schedule withBatches(int batchSize, int gradAccum) {
            return new Schedule(epochs, batchSize, gradAccum, lr, warmupSteps, maxSteps, evalEvery, stopAfter);
        }

        public Schedule withLr(double lr) {
            return new Schedule(epochs, batchSize, gradAccum, lr, warmupSteps, maxSteps, evalEvery, stopAfter);
        }

        public Schedule withEvalEvery(int evalEvery) {
            return new Schedule(epochs, batchSize, gradAccum, lr, warmupSteps, maxSteps, evalEvery, stopAfter);
        }

        /** Linear warmup from 0 to lr over warmupSteps, then linear decay to 0 at totalSteps ({@link LearningRateSchedule}). */
        public double learningRate(long step, long totalSteps) {
            return new LearningRateSchedule(lr, warmupSteps, totalSteps).at(step);
        }
    }

    /** The training examples as the loop sees them. */
    public interface Examples {
        int size();

        /** Source length of example {@code index} for length bucketing; the same in every epoch. */
        int sourceLength(int index);

        /** Source and target ids of example {@code index} in {@code epoch}; a pure function of the two. */
        ExampleEncoder.Encoded get(int index, int epoch);
    }

    /** What a trainer does every evalEvery steps and at the end of an invocation: validate, keep the best, write checkpoint/. */
    @FunctionalInterface
    public interface Checkpoint {
        /**
         * @param step         optimizer steps done
         * @param last         whether {@code step} ends the whole schedule (not just this invocation)
         * @param trainSeconds training time over all invocations so far
         */
        void at(long step, boolean last, double trainSeconds);
    }

    /** Where an invocation ended; finished is false when --stop-after ended it before the schedule's end. */
    public record End(long step, double trainSeconds, boolean finished) {
    }

    private final String task;
    private final String batchStream;
    private final Schedule s;
    private final Examples examples;
    private final int workers;
    private final double labelSmoothing;
    private final int stepsPerEpoch;
    private final long totalSteps;
    private final Engine engine = Engine.get();

    /**
     * @param task        name on the progress bar
     * @param batchStream name of the random stream that orders batches (forked per epoch from the run's seed)
     */
    public Seq2SeqTrainingLoop(String task, String batchStream, Schedule schedule, Examples examples) {
        this(task, batchStream, schedule, examples, 1, 0);
    }

    /**
     * @param workers        micro-batches of a step trained at once on this many model replicas ({@link ParallelMicroBatches};
     *                       1: one after another); more than 1 needs a model without dropout and gradAccum ≥ workers to help
     * @param labelSmoothing ε of the training loss ({@link Seq2SeqModel#tokenLoss}); the logged train/loss stays the token NLL
     */
    public Seq2SeqTrainingLoop(String task, String batchStream, Schedule schedule, Examples examples, int workers, double labelSmoothing) {
        if (workers < 1) throw new BadInputException("--workers must be at least 1, got " + workers);
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) throw new BadInputException("--label-smoothing must be in [0, 1), got " + labelSmoothing);
        this.workers = workers;
        this.labelSmoothing = labelSmoothing;
        this.task = task;
        this.batchStream = batchStream;
        this.s = schedule;
        this.examples = examples;
        int batchesPerEpoch = (examples.size() + s.batchSize() - 1) / s.batchSize();
        stepsPerEpoch = (batchesPerEpoch + s.gradAccum() - 1) / s.gradAccum();
        long steps = (long) s.epochs() * stepsPerEpoch;
        totalSteps = s.maxSteps() > 0 ? Math.min(steps, s.maxSteps()) : steps;
    }

    public long totalSteps() {
        return totalSteps;
    }

    /** Trains from {@code startStep} (0, or the step of a restored checkpoint) to the end or to stopAfter. */
    public End run(Seq2SeqModel model, AdamW optimizer, long startStep, double secondsBefore, MetricsLogger metrics, Checkpoint checkpoint) {
        int[] lengths = IntStream.range(0, examples.size()).map(examples::sourceLength).toArray();
        Rng epochs = engine.rng().fork(batchStream);
        long endStep = s.stopAfter() > 0 ? Math.min(totalSteps, s.stopAfter()) : totalSteps;
        long startNanos = System.nanoTime();
        try (ParallelMicroBatches replicas = workers > 1 ? new ParallelMicroBatches(model, workers) : null) {
            new StepLoop(task, totalSteps, stepsPerEpoch).run(startStep, endStep, new StepLoop.Body() {
                List<int[]> plan;

                @Override
                public void epochStart(int epoch) {
                    plan = LengthBuckets.plan(lengths, s.batchSize(), epochs.fork("epoch-" + epoch));
                }

                @Override
                public double step(long step, int epoch, int index) {
                    int first = index * s.gradAccum();
                    List<int[]> micro = plan.subList(first, Math.min(plan.size(), first + s.gradAccum()));
                    double lr = s.learningRate(step, totalSteps);
                    double loss = optimizerStep(model, replicas, optimizer, micro, epoch, lr, step, first);
                    metrics.log(step + 1, Map.of("train/loss", loss, "train/lr", lr));
                    return loss;
                }

                @Override
                public void afterStep(long done) {
                    if (done % s.evalEvery() == 0 || done == endStep) {
                        checkpoint.at(done, done == totalSteps, secondsBefore + (System.nanoTime() - startNanos) / 1e9);
                    }
                }
            });
        }
        return new End(Math.max(startStep, endStep), secondsBefore + (System.nanoTime() - startNanos) / 1e9, endStep == totalSteps);
    }

    /**
     * One optimizer step over the micro-batches (on the replicas at once when there are any) on the token loss summed over
     * the step and divided by its target tokens; returns the mean token NLL.
     */
    private double optimizerStep(Seq2SeqModel model, ParallelMicroBatches replicas, AdamW optimizer, List<int[]> micro, int epoch, double lr,
                                 long step, int firstBatch) {
        model.train(true);
        optimizer.zero_grad();
        List<List<ExampleEncoder.Encoded>> batches = new ArrayList<>();
        long tokens = 0;
        for (int[] batch : micro) {
            List<ExampleEncoder.Encoded> data = Arrays.stream(batch).mapToObj(i -> examples.get(i, epoch)).toList();
            for (ExampleEncoder.Encoded e : data) tokens += Math.min(e.target().length, model.config().maxTargetLen() - 1) + 1;
            batches.add(data);
        }
        long stepTokens = tokens;
        ParallelMicroBatches.MicroStep<Double> microStep = (replica, m) -> {
            replica.train(true);
            try (var scope = Engine.step()) {
                Seq2SeqModel.TokenLoss loss = replica.tokenLoss(batch(replica, batches.get(m)), labelSmoothing);
                double value = loss.nll().sum().item_double();
                if (!Double.isFinite(value)) {
                    throw new RetortException(String.format(Locale.ROOT,
                            "non-finite loss (%s) at step %d, batch %d (component: token NLL, example indices %s); "
                                    + "lower --lr or check the data", value, step + 1, firstBatch + m, Arrays.toString(micro.get(m))));
                }
                loss.loss().sum().div(new Scalar((double) stepTokens)).backward();
                return value;
            }
        };
        double total = 0;
        for (double v : ParallelMicroBatches.run(replicas, model, batches.size(), microStep)) total += v;
        new OptimizerStep(optimizer, model.parameters(), 1.0).apply(lr);
        return total / tokens;
    }

    private static SequenceBatch batch(Seq2SeqModel model, List<ExampleEncoder.Encoded> data) {
        return model.batch(data.stream().map(ExampleEncoder.Encoded::source).toList(), data.stream().map(ExampleEncoder.Encoded::target).toList());
    }

    /**
     * AdamW's weight decay: its rate, and whether it applies to the weight matrices only ({@link Seq2SeqModel#MATRICES_ONLY},
     * nanoGPT's two parameter groups: none on biases, LayerNorm weights and embeddings) or to every parameter.
     */
    public record WeightDecay(double rate, boolean matricesOnly) {
        public WeightDecay {
            if (!(rate >= 0)) throw new BadInputException("--weight-decay must not be negative, got " + rate);
        }

        public DecayPolicy policy() {
            return matricesOnly ? Seq2SeqModel.MATRICES_ONLY : DecayPolicy.EVERY_PARAMETER;
        }
    }

    /** AdamW over the model's parameters with {@code decay}. */
    public static AdamW adamW(Seq2SeqModel model, double lr, WeightDecay decay) {
        return AdamWOptimizers.create(model.module(), lr, decay.rate(), decay.policy());
    }

    /** Mean token NLL over the examples (batches of 32, dropout off, no gradients). */
    public static double validationLoss(Seq2SeqModel model, List<ExampleEncoder.Encoded> examples) {
        model.train(false);
        double total = 0;
        long tokens = 0;
        for (int start = 0; start < examples.size(); start += 32) {
            try (var scope = Engine.step(); var noGrad = new NoGradGuard()) {
                SequenceBatch batch = batch(model, examples.subList(start, Math.min(examples.size(), start + 32)));
                total += model.tokenNll(batch).sum().item_double();
                tokens += batch.targetTokens();
            }
        }
        return total / tokens;
    }
}
