package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.io.NdArray;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EntropyTest {
    static final float NEG = Float.NEGATIVE_INFINITY, POS = Float.POSITIVE_INFINITY;

    static double direct(double[] z, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v / t);
        double sum = 0;
        for (double v : z) sum += Math.exp(v / t - max);
        double h = 0;
        for (double v : z) {
            double p = Math.exp(v / t - max) / sum;
            if (p > 0) h -= p * Math.log(p);
        }
        return h;
    }

    static double[] tokens(float[] logits, long... shape) {
        long[] three = shape.length == 2 ? new long[]{1, shape[0], shape[1]} : shape;
        return toD(Entropy.compute(NdArray.ofFloats(logits, three), null, 1.0, Reduction.MEAN).tokens().toFloats());
    }

    static double[] toD(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    @Test
    void uniformIsLogVAndOneHotIsZero() {
        int v = 1000;
        float[] uniform = new float[v];
        java.util.Arrays.fill(uniform, 3.25f);
        float[] oneHot = new float[v];
        java.util.Arrays.fill(oneHot, -1e4f);
        oneHot[17] = 1e4f;
        float[] both = new float[2 * v];
        System.arraycopy(uniform, 0, both, 0, v);
        System.arraycopy(oneHot, 0, both, v, v);
        double[] h = tokens(both, 2, v);
        assertThat(h[0]).isCloseTo(Math.log(v), within(1e-4));   // float32 sum of 1000 terms
        assertThat(h[1]).isCloseTo(0.0, within(1e-6));
        Entropy.Result r = Entropy.compute(NdArray.ofFloats(uniform, 1, 1, v), null, 1.0, Reduction.MEAN);
        assertThat(r.normalizedSequence()[0]).isCloseTo(1.0, within(1e-5));
        assertThat(r.confidence()[0]).isCloseTo(0.0, within(1e-5));
    }

    @Test
    void matchesDirectFormulaOnRandomLogitsAtSeveralTemperatures() {
        Random rnd = new Random(7);
        int b = 3, s = 5, v = 50;
        float[] z = new float[b * s * v];
        for (int i = 0; i < z.length; i++) z[i] = (float) (rnd.nextGaussian() * 4);
        for (double t : new double[]{0.3, 1.0, 2.5}) {
            float[] h = Entropy.compute(NdArray.ofFloats(z, b, s, v), null, t, Reduction.MEAN).tokens().toFloats();
            for (int row = 0; row < b * s; row++) {
                double[] zr = new double[v];
                for (int j = 0; j < v; j++) zr[j] = z[row * v + j];
                assertThat(h[row]).as("row %d T=%s", row, t).isCloseTo((float) direct(zr, t), within(2e-5f));
            }
        }
    }

    @Test
    void hugeTinyAndEqualLogitsStayExact() {
        // two equal huge logits: log 2; shifting by a huge constant changes nothing; tiny differences: ≈ log V
        float[] z = {3e38f, 3e38f, -3e38f, 0f,
                1e-30f, 2e-30f, 0f, -1e-30f,
                -3e38f, -3e38f, -3e38f, -3e38f};
        double[] h = tokens(z, 3, 4);
        assertThat(h[0]).isCloseTo(Math.log(2), within(1e-6));
        assertThat(h[1]).isCloseTo(Math.log(4), within(1e-6));
        assertThat(h[2]).isCloseTo(Math.log(4), within(1e-6));
    }

    @Test
    void logitsNearTheFloatLimitStayExactBelowTemperatureOne() {
        // at T = 0.5, 3e38 / 0.5 overflows float32: four tied logits must still give log 4, not NaN
        float[] z = {3e38f, 3e38f, 3e38f, 3e38f,
                3e38f, -3e38f, 3e38f, -3e38f,
                POS, 3e38f, POS, 0f};
        double[] h = toD(Entropy.compute(NdArray.ofFloats(z, 1, 3, 4), null, 0.5, Reduction.MEAN).tokens().toFloats());
        assertThat(h[0]).isCloseTo(Math.log(4), within(1e-6));
        assertThat(h[1]).isCloseTo(Math.log(2), within(1e-6));
        assertThat(h[2]).isCloseTo(Math.log(2), within(1e-6));   // the +inf limit is unchanged by the temperature
        // the same through the feature path: softmax of the tied row is uniform
        try (var s = dev.retort.core.Engine.step()) {
            double[] p = Entropy.toDoubles(FeatureBuilder.probabilities(dev.retort.core.tensor.Tensors.of(java.util.Arrays.copyOf(z, 4), 1, 1, 4), 0.5));
            assertThat(p).containsExactly(new double[]{0.25, 0.25, 0.25, 0.25}, within(1e-7));
        }
    }

    @Test
    void booleanMaskFromNumpyDropsPadding(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // np.save(f, np.array([[True, False]])): a one-byte '|b1' array
        byte[] header = "{'descr': '|b1', 'fortran_order': False, 'shape': (1, 2), }".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int pad = 64 - (10 + header.length + 1) % 64;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (header.length + pad + 1), 0});
        out.write(header);
        out.write(" ".repeat(pad).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.write('\n');
        out.write(new byte[]{1, 0});
        java.nio.file.Path f = java.nio.file.Files.write(dir.resolve("mask.npy"), out.toByteArray());
        NdArray mask = dev.retort.core.io.Npy.read(f);
        float[] z = {0f, 0f, 0f, 0f,   5f, 0f, 0f, 0f};                      // uniform, then nearly one-hot (masked)
        Entropy.Result r = Entropy.compute(NdArray.ofFloats(z, 1, 2, 4), mask, 1.0, Reduction.MEAN);
        assertThat(r.sequence()[0]).isCloseTo(Math.log(4), within(1e-6));
    }

    @Test
    void infiniteLogitsTakeTheirLimits() {
        float[] z = {NEG, 0f, 0f, NEG,          // −inf entries contribute 0: log 2
                POS, 1f, POS, POS,              // three +inf: limit is uniform over them, log 3
                POS, NEG, 5f, 5f,               // one +inf: one-hot, 0
                NEG, NEG, NEG, 7f};             // only one finite: 0
        double[] h = tokens(z, 4, 4);
        assertThat(h[0]).isCloseTo(Math.log(2), within(1e-6));
        assertThat(h[1]).isCloseTo(Math.log(3), within(1e-6));
        assertThat(h[2]).isCloseTo(0.0, within(1e-7));
        assertThat(h[3]).isCloseTo(0.0, within(1e-7));
    }

    @Test
    void reductionsFollowTheSeedsDefinitionsAndRespectTheMask() {
        // 1 sequence of 4 tokens with entropies log2, log4, 0, (padding: all −inf = undefined)
        float[] z = {0, 0, NEG, NEG, 0, 0, 0, 0, 9, NEG, NEG, NEG, NEG, NEG, NEG, NEG};
        NdArray logits = NdArray.ofFloats(z, 1, 4, 4);
        NdArray mask = NdArray.ofFloats(new float[]{1, 1, 1, 0}, 1, 4);
        double l2 = Math.log(2), l4 = Math.log(4);
        assertThat(Entropy.compute(logits, mask, 1, Reduction.MEAN).sequence()[0]).isCloseTo((l2 + l4) / 3, within(1e-6));
        assertThat(Entropy.compute(logits, mask, 1, Reduction.MAX).sequence()[0]).isCloseTo(l4, within(1e-6));
        // weights 1/3, 2/3, 3/3 normalized by their sum 2
        assertThat(Entropy.compute(logits, mask, 1, Reduction.WEIGHTED_MEAN).sequence()[0])
                .isCloseTo((l2 / 3 + 2 * l4 / 3) / 2, within(1e-6));
        assertThat(Entropy.compute(logits, mask, 1, Reduction.MEAN).normalizedSequence()[0]).isCloseTo((l2 + l4) / 3 / l4, within(1e-6));
        assertThatThrownBy(() -> Entropy.compute(logits, null, 1, Reduction.MEAN))
                .isInstanceOf(BadInputException.class).hasMessageContaining("sequence 0");
    }

    @Test
    void badInputsAreClearErrors() {
        NdArray z = NdArray.ofFloats(new float[]{0, Float.NaN}, 1, 2);
        assertThatThrownBy(() -> Entropy.compute(z, null, 1, Reduction.MEAN)).isInstanceOf(BadInputException.class).hasMessageContaining("NaN");
        NdArray ok = NdArray.ofFloats(new float[]{0, 1}, 1, 2);
        assertThatThrownBy(() -> Entropy.compute(ok, null, 0, Reduction.MEAN)).hasMessageContaining("--temperature");
        assertThatThrownBy(() -> Reduction.parse("median")).hasMessageContaining("mean, max or weighted_mean");
        assertThatThrownBy(() -> Entropy.compute(ok, NdArray.ofFloats(new float[]{1, 1}, 2), 1, Reduction.MEAN)).hasMessageContaining("mask has shape");
        assertThatThrownBy(() -> Entropy.compute(NdArray.ofFloats(new float[]{0, 1}, 2), null, 1, Reduction.MEAN)).hasMessageContaining("[batch, seq, vocab]");
    }

    @Test
    void moreRowsThanOneChunkGiveTheSameValues() {
        Random rnd = new Random(3);
        int rows = (int) Entropy.CHUNK_ROWS * 2 + 5, v = 7;
        float[] z = new float[rows * v];
        for (int i = 0; i < z.length; i++) z[i] = (float) rnd.nextGaussian();
        z[(rows - 1) * v] = NEG;                                        // last chunk also takes the exact path
        double[] h = tokens(z, rows, v);
        for (int r = 0; r < rows; r++) {
            double[] zr = new double[v];
            for (int j = 0; j < v; j++) zr[j] = z[r * v + j];
            assertThat(h[r]).isCloseTo(direct(zr, 1), within(1e-5));
        }
    }
}
