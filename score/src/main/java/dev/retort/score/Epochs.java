package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.RetortException;
import dev.retort.core.Rng;
import dev.retort.core.io.NdArray;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import java.util.Arrays;

/** The minibatch loop and held-out split shared by the alignment and distillation trainers. */
final class Epochs {
    /** AdamW's weight decay in both trainers, on every parameter: libtorch's default, which they have always used. */
    static final double WEIGHT_DECAY = 0.01;

    private Epochs() {
    }

    /** One optimizer step on the rows in {@code index} (int64 [b]); returns the batch loss. */
    interface Step {
        double run(Tensor index);
    }

    /** Called after each epoch with its number (1-based) and mean training loss. */
    interface EpochEnd {
        void accept(int epoch, double trainLoss);
    }

    /** Shuffles {@code train} every epoch (seeded), runs {@code step} per batch, stops on a non-finite loss. */
    static void run(int[] train, int batchSize, int epochs, Rng rng, String component, Step step, EpochEnd end) {
        if (batchSize < 1) throw new BadInputException("--batch-size must be at least 1, got " + batchSize);
        if (epochs < 1) throw new BadInputException("--epochs must be at least 1, got " + epochs);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            int[] order = rng.permutation(train.length);
            double sum = 0;
            int batches = 0;
            for (int start = 0; start < order.length; start += batchSize) {
                long[] idx = new long[Math.min(batchSize, order.length - start)];
                for (int k = 0; k < idx.length; k++) idx[k] = train[order[start + k]];
                double loss;
                try (var s = Engine.step()) {
                    loss = step.run(Tensors.of(idx, idx.length));
                }
                if (!Double.isFinite(loss)) {
                    throw new RetortException(component + ": loss became " + loss + " at epoch " + epoch + ", batch " + batches
                            + " (rows " + Arrays.toString(Arrays.copyOf(idx, Math.min(5, idx.length))) + "…); lower --lr or check the inputs");
                }
                sum += loss;
                batches++;
            }
            end.accept(epoch, sum / batches);
        }
    }

    /** {train rows, held-out rows}: a seeded random fraction {@code holdout} of 0..n-1 is held out (at least 1 row each). */
    static int[][] split(int n, double holdout, Rng rng) {
        if (!(holdout > 0 && holdout < 1)) throw new BadInputException("--holdout must be between 0 and 1 (exclusive), got " + holdout);
        if (n < 2) throw new BadInputException("need at least 2 rows to hold some out, got " + n);
        int[] perm = rng.permutation(n);
        int held = Math.max(1, Math.min(n - 1, (int) Math.round(n * holdout)));
        int[] h = Arrays.copyOf(perm, held), t = Arrays.copyOfRange(perm, held, n);
        Arrays.sort(h);
        Arrays.sort(t);
        return new int[][]{t, h};
    }

    /** A [n, d] float32 matrix from a .npy array, refusing NaN/Inf. */
    static Tensor matrix(NdArray a, String name) {
        if (a.shape().length != 2) throw new BadInputException(name + " must be a 2-D array [rows, width], got shape " + Arrays.toString(a.shape()));
        long bad = a.firstNonFinite();
        if (bad >= 0) throw new BadInputException(name + ": non-finite value at row " + bad / a.shape()[1] + ", column " + bad % a.shape()[1]);
        return Tensors.fromArray(a).to(org.bytedeco.pytorch.global.torch.ScalarType.Float);
    }
}
