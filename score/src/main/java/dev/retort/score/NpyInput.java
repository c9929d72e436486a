package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The .npy inputs of the score commands, checked while the file's name is known, so that an empty array or a bad
 * value is reported as "file: what, at [i, j, k]" rather than deep inside a computation.
 */
public final class NpyInput {
    private NpyInput() {
    }

    /** Logits: ±inf are allowed (they have limits, see {@link Entropy}), NaN is not; at least one value. */
    public static NdArray logits(Path file) {
        NdArray a = nonEmpty(file);
        long bad = a.firstNaN();
        if (bad >= 0) throw new BadInputException(file + ": NaN at position " + Arrays.toString(a.position(bad))
                + " of shape " + Arrays.toString(a.shape()) + "; logits must be numbers (±inf are allowed)");
        return a;
    }

    /** Vectors (hidden states, projection targets): every value finite; at least one value. */
    public static NdArray vectors(Path file) {
        NdArray a = nonEmpty(file);
        long bad = a.firstNonFinite();
        if (bad >= 0) throw new BadInputException(file + ": " + a.toDoubles()[(int) bad] + " at position " + Arrays.toString(a.position(bad))
                + " of shape " + Arrays.toString(a.shape()) + "; only finite numbers are accepted");
        return a;
    }

    private static NdArray nonEmpty(Path file) {
        NdArray a = Npy.read(file);
        if (a.size() == 0) throw new BadInputException(file + ": shape " + Arrays.toString(a.shape()) + " holds no values; expected at least one row");
        return a;
    }
}
