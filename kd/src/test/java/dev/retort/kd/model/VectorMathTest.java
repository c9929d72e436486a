package dev.retort.kd.model;

import dev.retort.core.Engine;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import java.nio.DoubleBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The scalar functions of the Java decoder against libtorch on a fine grid. */
class VectorMathTest {
    /** −12 to 12 in steps of 1/1000, which falls between and on the erf table's points (1/64 apart). */
    static float[] grid() {
        float[] x = new float[24_001];
        for (int i = 0; i < x.length; i++) x[i] = -12f + i / 1000f;
        return x;
    }

    @Test
    void erfMatchesLibtorchInDoublePrecision() {
        float[] x = grid();
        double[] want = new double[x.length];
        try (var scope = Engine.step()) {
            Tensor erf = torch.erf(Tensors.of(x, x.length).to(torch.ScalarType.Double)).contiguous();
            ((DoubleBuffer) erf.createBuffer()).get(want);
        }
        int worst = 0;
        for (int i = 0; i < x.length; i++) if (Math.abs(Erf.erf(x[i]) - want[i]) > Math.abs(Erf.erf(x[worst]) - want[worst])) worst = i;
        assertThat(Erf.erf(x[worst])).as("worst point erf(%s)", x[worst]).isCloseTo(want[worst], within(2e-9));
        assertThat(Erf.erf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(Erf.erf(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
    }

    @Test
    void geluIsTorchsExactGeluOnFloats() {
        float[] x = grid();
        float[] want;
        try (var scope = Engine.step()) {
            want = Tensors.toFloats(torch.gelu(Tensors.of(x, x.length)));
        }
        float[] got = x.clone();
        VectorMath.gelu(got);
        int worst = 0;
        for (int i = 0; i < x.length; i++) if (Math.abs(got[i] - want[i]) > Math.abs(got[worst] - want[worst])) worst = i;
        assertThat(got[worst]).as("worst point gelu(%s)", x[worst]).isCloseTo(want[worst], within(1e-6f));
    }
}
