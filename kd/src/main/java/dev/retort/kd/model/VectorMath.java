package dev.retort.kd.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float kernels of {@link FastGreedyDecoder}, on plain arrays with offsets: SIMD lanes of the preferred
 * species with a scalar tail. Matrices are row-major like libtorch's Linear weight: [rows, cols] = [out, in].
 */
final class VectorMath {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final float SQRT_HALF = (float) Math.sqrt(0.5);

    private VectorMath() {
    }

    /** Σ a[aOff + i]·b[bOff + i] for i < n. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            acc = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) sum += a[aOff + i] * b[bOff + i];
        return sum;
    }

    /**
     * y[yOff + r] = bias[r] + Σ_c w[r·cols + c]·x[xOff + c]: w [rows, cols], bias [rows] or null. Four rows at a
     * time share each load of x.
     */
    static void matVec(float[] w, float[] bias, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) matVec4(w, r, cols, x, xOff, y, yOff);
        for (; r < rows; r++) y[yOff + r] = dot(w, r * cols, x, xOff, cols);
        if (bias != null) add(y, yOff, bias, 0, rows);
    }

    /** Rows r..r+3 of {@link #matVec} without the bias. */
    private static void matVec4(float[] w, int r, int cols, float[] x, int xOff, float[] y, int yOff) {
        int w0 = r * cols, w1 = w0 + cols, w2 = w1 + cols, w3 = w2 + cols;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int c = 0;
        for (int end = F.loopBound(cols); c < end; c += F.length()) {
            FloatVector xv = FloatVector.fromArray(F, x, xOff + c);
            a0 = FloatVector.fromArray(F, w, w0 + c).fma(xv, a0);
            a1 = FloatVector.fromArray(F, w, w1 + c).fma(xv, a1);
            a2 = FloatVector.fromArray(F, w, w2 + c).fma(xv, a2);
            a3 = FloatVector.fromArray(F, w, w3 + c).fma(xv, a3);
        }
        float s0 = a0.reduceLanes(VectorOperators.ADD), s1 = a1.reduceLanes(VectorOperators.ADD);
        float s2 = a2.reduceLanes(VectorOperators.ADD), s3 = a3.reduceLanes(VectorOperators.ADD);
        for (; c < cols; c++) {
            float xc = x[xOff + c];
            s0 += w[w0 + c] * xc;
            s1 += w[w1 + c] * xc;
            s2 += w[w2 + c] * xc;
            s3 += w[w3 + c] * xc;
        }
        y[yOff + r] = s0;
        y[yOff + r + 1] = s1;
        y[yOff + r + 2] = s2;
        y[yOff + r + 3] = s3;
    }

    /**
     * y[yOff + c] = Σ_r a[aOff + r]·m[mOff + r·stride + c] for c < cols: the row vector a [rows] times a matrix
     * [rows, cols] whose rows lie stride apart. Each lane block of y stays in a register while the rows stream by.
     */
    static void vecMat(float[] a, int aOff, int rows, float[] m, int mOff, int stride, int cols, float[] y, int yOff) {
        int c = 0;
        for (int end = F.loopBound(cols); c < end; c += F.length()) {
            FloatVector acc = FloatVector.zero(F);
            for (int r = 0; r < rows; r++) acc = FloatVector.fromArray(F, m, mOff + r * stride + c).fma(FloatVector.broadcast(F, a[aOff + r]), acc);
            acc.intoArray(y, yOff + c);
        }
        if (c == cols) return;
        VectorMask<Float> tail = F.indexInRange(c, cols);                // masked only here: full blocks run faster unmasked
        FloatVector acc = FloatVector.zero(F);
        for (int r = 0; r < rows; r++) acc = FloatVector.fromArray(F, m, mOff + r * stride + c, tail).fma(FloatVector.broadcast(F, a[aOff + r]), acc);
        acc.intoArray(y, yOff + c, tail);
    }

    /** y[yOff + i] += x[xOff + i] for i < n. */
    static void add(float[] y, int yOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector.fromArray(F, y, yOff + i).add(FloatVector.fromArray(F, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += x[xOff + i];
    }

    /** x[i] += a for i < n. */
    static void addConstant(float[] x, float a, int n) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) FloatVector.fromArray(F, x, i).add(a).intoArray(x, i);
        for (; i < n; i++) x[i] += a;
    }

    /** out = (x − mean)/√(var + eps)·weight + bias over x [n], biased variance, as torch's LayerNorm. */
    static void layerNorm(float[] x, float[] weight, float[] bias, float eps, float[] out) {
        int n = x.length;
        float mean = sum(x, n) / n;
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector centered = FloatVector.fromArray(F, x, i).sub(mean);
            acc = centered.fma(centered, acc);
        }
        float squares = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) squares += (x[i] - mean) * (x[i] - mean);
        float inverseStd = (float) (1.0 / Math.sqrt(squares / n + eps));
        i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector.fromArray(F, x, i).sub(mean).mul(inverseStd)
                    .fma(FloatVector.fromArray(F, weight, i), FloatVector.fromArray(F, bias, i)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = (x[i] - mean) * inverseStd * weight[i] + bias[i];
    }

    private static float sum(float[] x, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) acc = acc.add(FloatVector.fromArray(F, x, i));
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += x[i];
        return s;
    }

    /** Exact GELU in place, x·Φ(x) = x/2·(1 + erf(x/√2)), torch.gelu's default (not the tanh approximation). */
    static void gelu(float[] x) {
        for (int i = 0; i < x.length; i++) x[i] = gelu(x[i]);
    }

    private static float gelu(float x) {
        return (float) (0.5 * x * (1.0 + Erf.erf(x * (double) SQRT_HALF)));
    }

    /** Softmax of x[off, off + n) in place. */
    static void softmax(float[] x, int off, int n) {
        float max = max(x, off, n);
        float total = expShifted(x, off, n, max);
        scale(x, off, n, 1f / total);
    }

    /** log Σ exp(x[i]) over x [n], stable (shifted by the maximum); x is left unchanged. */
    static float logSumExp(float[] x, int n) {
        float max = max(x, 0, n);
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            acc = acc.add(FloatVector.fromArray(F, x, i).sub(max).lanewise(VectorOperators.EXP));
        }
        double total = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) total += Math.exp(x[i] - max);
        return (float) (max + Math.log(total));
    }

    /** Index of the first maximal element of x [n], the tie rule of torch.argmax. */
    static int argmax(float[] x, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    /** x[off + i] = exp(x[off + i] − shift) for i < n; returns their sum. */
    private static float expShifted(float[] x, int off, int n, float shift) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector e = FloatVector.fromArray(F, x, off + i).sub(shift).lanewise(VectorOperators.EXP);
            e.intoArray(x, off + i);
            acc = acc.add(e);
        }
        float total = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            x[off + i] = (float) Math.exp(x[off + i] - shift);
            total += x[off + i];
        }
        return total;
    }

    private static float max(float[] x, int off, int n) {
        FloatVector acc = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) acc = acc.max(FloatVector.fromArray(F, x, off + i));
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) m = Math.max(m, x[off + i]);
        return m;
    }

    /** x[off + i] *= a for i < n. */
    static void scale(float[] x, int off, int n, float a) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) FloatVector.fromArray(F, x, off + i).mul(a).intoArray(x, off + i);
        for (; i < n; i++) x[off + i] *= a;
    }
}
