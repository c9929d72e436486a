package dev.retort.core.train;

import dev.retort.core.Engine;
import dev.retort.core.report.Progress;

import java.util.Locale;

/**
 * The optimizer-step loop of the resumable trainers (kd's teacher, pretraining and distillation): steps numbered over
 * the whole schedule, epochs of {@code stepsPerEpoch} steps, libtorch's generator reseeded from (run seed, step)
 * before each step ({@link StepSeed}), a progress bar showing the epoch and the smoothed loss, and a {@link Body}
 * called at each epoch's start, for each step, after it, and at each epoch's end.
 *
 * <p>A run resumed at step k ({@link #run} from k, with the optimizer and the trainer's state restored) takes the path
 * of an uninterrupted one as long as the body's work is a function of (step, epoch): a resumed run starts with
 * {@link Body#epochStart} for the epoch step k is in, even mid-epoch.
 *
 * @param task          name on the progress bar
 * @param totalSteps    the schedule's length: the last epoch ends there even when it is cut short
 * @param stepsPerEpoch optimizer steps in one pass over the training data
 */
public record StepLoop(String task, long totalSteps, int stepsPerEpoch) {
    public StepLoop {
        if (stepsPerEpoch < 1) throw new IllegalArgumentException("stepsPerEpoch must be at least 1, got " + stepsPerEpoch);
        if (totalSteps < 0) throw new IllegalArgumentException("totalSteps must not be negative, got " + totalSteps);
    }

    /** What a trainer does in the loop; {@link #step} is the only part it must write. */
    public interface Body {
        /** Before the first step of {@code epoch} (0-based) this invocation runs: draw the epoch's batch order. */
        default void epochStart(int epoch) {
        }

        /**
         * One optimizer step, its randomness already seeded; returns its loss for the progress bar.
         *
         * @param step  0-based over the whole schedule
         * @param index 0-based within the epoch
         */
        double step(long step, int epoch, int index);

        /** After a step, with the steps done so far (log it, validate and checkpoint every so many). */
        default void afterStep(long stepsDone) {
        }

        /** After the last step of {@code epoch}, with the steps done so far (epoch summaries, per-epoch checkpoints). */
        default void epochEnd(int epoch, long stepsDone) {
        }
    }

    /** Runs steps {@code startStep} to {@code endStep} − 1 (at most {@link #totalSteps}); returns the steps done. */
    public long run(long startStep, long endStep, Body body) {
        Engine engine = Engine.get();
        long end = Math.min(endStep, totalSteps);
        try (Progress progress = Progress.start(task, totalSteps)) {
            progress.advance(startStep);
            double smoothed = Double.NaN;
            for (long step = startStep; step < end; step++) {
                int epoch = (int) (step / stepsPerEpoch);
                int index = (int) (step % stepsPerEpoch);
                if (index == 0 || step == startStep) body.epochStart(epoch);
                StepSeed.reseed(engine, step);
                double loss = body.step(step, epoch, index);
                smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
                body.afterStep(step + 1);
                progress.advance(1);
                progress.message(String.format(Locale.ROOT, "epoch %d loss %.4f", epoch + 1, smoothed));
                if (index == stepsPerEpoch - 1 || step + 1 == totalSteps) body.epochEnd(epoch, step + 1);
            }
        }
        return Math.max(startStep, end);
    }
}
