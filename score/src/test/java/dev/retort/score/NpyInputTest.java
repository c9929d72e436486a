package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NpyInputTest {

    @Test
    void nanIsNamedByFileAndPositionAndInfinityIsALogitButNotAVector(@TempDir Path dir) {
        float[] v = new float[2 * 3 * 5];
        v[(1 * 3 + 2) * 5 + 3] = Float.NaN;
        Path nan = dir.resolve("nan.npy");
        Npy.write(nan, NdArray.ofFloats(v, 2, 3, 5));
        assertThatThrownBy(() -> NpyInput.logits(nan)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(nan + ": NaN at position [1, 2, 3]");
        float[] w = new float[6];
        w[4] = Float.NEGATIVE_INFINITY;
        Path inf = dir.resolve("inf.npy");
        Npy.write(inf, NdArray.ofFloats(w, 2, 3));
        assertThat(NpyInput.logits(inf).shape()).containsExactly(2, 3);
        assertThatThrownBy(() -> NpyInput.vectors(inf)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(inf + ": -Infinity at position [1, 1]");
    }

    @Test
    void zeroRowsIsABadInputNamingTheFile(@TempDir Path dir) {
        Path empty = dir.resolve("empty.npy");
        Npy.write(empty, NdArray.ofFloats(new float[0], 0, 4, 5));
        assertThatThrownBy(() -> NpyInput.logits(empty)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(empty + ": shape [0, 4, 5] holds no values");
        assertThatThrownBy(() -> NpyInput.vectors(empty)).isInstanceOf(BadInputException.class);
    }
}
