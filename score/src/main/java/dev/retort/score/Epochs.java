package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.Rng;
import dev.retort.core.io.NdArray;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import java.util.Arrays;

/** The held-out split, weight decay and input checks shared by the alignment and distillation trainers. */
final class Epochs {
    /** AdamW's weight decay in both trainers (libtorch's default rate), on the weight matrices only, not the biases. */
    static final double WEIGHT_DECAY = 0.01;

    private Epochs() {
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
