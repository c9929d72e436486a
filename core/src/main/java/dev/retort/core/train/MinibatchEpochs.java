package dev.retort.core.train;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.RetortException;
import dev.retort.core.Rng;

import java.util.Arrays;

/**
 * The epoch loop of the small trainers (route's student and adapters, score's alignment heads and student): every
 * epoch draws a fresh seeded order of the training rows, cuts it into batches of {@code batchSize}, runs one step per
 * batch inside its own {@link Engine#step()} scope, stops with a message naming epoch and rows on a non-finite loss,
 * and ends with a callback that may stop training (early stopping). Batches shorter than {@code minBatch} (a last
 * batch of one row, for an in-batch contrastive loss) are skipped. With an {@link EpochCheckpoint} the run is saved after
 * every epoch and can be resumed from there.
 *
 * @param component names the trainer in error messages
 */
public record MinibatchEpochs(int batchSize, int minBatch, int epochs, String component) {

    public MinibatchEpochs {
        if (batchSize < 1) throw new BadInputException("--batch-size must be at least 1, got " + batchSize);
        if (epochs < 1) throw new BadInputException("--epochs must be at least 1, got " + epochs);
        if (minBatch < 1 || minBatch > batchSize) throw new IllegalArgumentException("minBatch must be in 1..batchSize, got " + minBatch);
    }

    /** Batches of {@code batchSize}, none skipped. */
    public MinibatchEpochs(int batchSize, int epochs, String component) {
        this(batchSize, 1, epochs, component);
    }

    /** One optimizer step on these rows; returns the batch loss. */
    public interface Step {
        double run(int[] rows);
    }

    /** Called after each epoch with its number (1-based) and mean training loss; false stops training. */
    public interface EpochEnd {
        boolean proceed(int epoch, double trainLoss);
    }

    /** Runs epochs over {@code rows} in orders drawn from {@code order}; returns how many epochs ran. */
    public int run(int[] rows, Rng order, Step step, EpochEnd end) {
        return run(rows, order, step, end, EpochCheckpoint.off());
    }

    /**
     * As {@link #run(int[], Rng, Step, EpochEnd)}, checkpointing after every epoch and, when the checkpoint resumes a run,
     * starting after its last epoch (the batch orders of the epochs done are drawn again, so the next ones are those of
     * an uninterrupted run); returns the number of the last epoch done.
     */
    public int run(int[] rows, Rng order, Step step, EpochEnd end, EpochCheckpoint checkpoint) {
        int done = checkpoint.epochsDone();
        for (int epoch = 1; epoch <= done; epoch++) order.permutation(rows.length);
        if (checkpoint.finished()) return done;
        for (int epoch = done + 1; epoch <= epochs; epoch++) {
            double loss = epoch(rows, order.permutation(rows.length), step, epoch);
            boolean proceed = end.proceed(epoch, loss);
            checkpoint.save(epoch, !proceed || epoch == epochs);
            if (!proceed || checkpoint.pausesAfter(epoch)) return epoch;
        }
        return epochs;
    }

    /** One pass over the rows in the order {@code perm}; returns the mean batch loss. */
    private double epoch(int[] rows, int[] perm, Step step, int epoch) {
        double sum = 0;
        int batches = 0;
        for (int start = 0; rows.length - start >= minBatch; start += batchSize) {
            int[] batch = new int[Math.min(batchSize, rows.length - start)];
            for (int k = 0; k < batch.length; k++) batch[k] = rows[perm[start + k]];
            double loss;
            try (var scope = Engine.step()) {
                loss = step.run(batch);
            }
            if (!Double.isFinite(loss)) {
                throw new RetortException(component + ": loss became " + loss + " at epoch " + epoch + ", batch " + batches
                        + " (rows " + Arrays.toString(Arrays.copyOf(batch, Math.min(5, batch.length))) + "…); lower --lr or check the inputs");
            }
            sum += loss;
            batches++;
        }
        return sum / Math.max(1, batches);
    }

    /** The rows 0..n-1, for a trainer whose training rows are a whole tensor. */
    public static int[] allRows(int n) {
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        return rows;
    }
}
