package dev.retort.route;

import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Conversions between row-major {@code float[][]} (one vector per row) and float32 libtorch matrices. */
final class Rows {
    private Rows() {
    }

    /** [n, d] float32 tensor holding a copy of the rows; all rows must have the same length. */
    static Tensor tensor(float[][] rows) {
        int n = rows.length, d = n == 0 ? 0 : rows[0].length;
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != d) throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + d);
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return Tensors.of(flat, n, d);
    }

    /** A 2-D tensor as rows. */
    static float[][] of(Tensor t) {
        long[] shape = Tensors.shape(t);
        int n = (int) shape[0], d = (int) shape[1];
        float[] flat = Tensors.toFloats(t);
        float[][] rows = new float[n][d];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * d, rows[i], 0, d);
        return rows;
    }

    /** x [n, d] with each row scaled to unit L2 norm (zero rows stay zero). */
    static Tensor normalize(Tensor x) {
        Tensor norms = x.square().sum(new long[]{1}, true, new org.bytedeco.pytorch.ScalarTypeOptional()).sqrt().clamp_min(scalar(1e-12));
        return x.div(norms);
    }

    static Scalar scalar(double v) {
        return new Scalar(v);
    }

    static Tensor zeros(long... shape) {
        return torch.zeros(shape);
    }
}
