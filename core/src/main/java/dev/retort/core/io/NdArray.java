package dev.retort.core.io;

import dev.retort.core.BadInputException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A dense row-major array as it sits in a file: element type, shape and little-endian bytes.
 * The bridge between .npy/safetensors files, Java arrays and libtorch tensors.
 */
public record NdArray(DType dtype, long[] shape, ByteBuffer data) {

    public NdArray {
        shape = shape.clone();
        long n = elementCount(shape);
        if (n > Long.MAX_VALUE / dtype.bytes() || n * dtype.bytes() != data.remaining()) {
            throw new BadInputException("array of shape " + Arrays.toString(shape) + " and dtype " + dtype
                    + " needs " + n * dtype.bytes() + " bytes, found " + data.remaining());
        }
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The product of the dimensions; a negative dimension or an overflowing product is a {@link BadInputException}. */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new BadInputException("negative dimension in shape " + Arrays.toString(shape));
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new BadInputException("shape " + Arrays.toString(shape) + " has more elements than a long can count");
            }
        }
        return n;
    }

    /** A copy of the shape (the record keeps its own). */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** A little-endian view of the bytes from the first element; moving its position does not affect this array. */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    public long size() {
        return elementCount(shape);
    }

    public static NdArray ofFloats(float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new NdArray(DType.FLOAT32, shape, b);
    }

    public static NdArray ofLongs(long[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return new NdArray(DType.INT64, shape, b);
    }

    /** float32 values stored as IEEE half precision (round to nearest even). */
    public static NdArray ofHalfFloats(float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putShort(Float.floatToFloat16(v));
        b.flip();
        return new NdArray(DType.FLOAT16, shape, b);
    }

    /** All elements widened or narrowed to float32. */
    public float[] toFloats() {
        int n = Math.toIntExact(size());
        float[] out = new float[n];
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case FLOAT32 -> b.asFloatBuffer().get(out);
            case FLOAT16 -> { for (int i = 0; i < n; i++) out[i] = Float.float16ToFloat(b.getShort(2 * i)); }
            case FLOAT64 -> { for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(8 * i); }
            case INT32 -> { for (int i = 0; i < n; i++) out[i] = b.getInt(4 * i); }
            case INT64 -> { for (int i = 0; i < n; i++) out[i] = b.getLong(8 * i); }
            case BOOL -> { for (int i = 0; i < n; i++) out[i] = b.get(i) != 0 ? 1 : 0; }
        }
        return out;
    }

    /** All elements as float64 (exact for every dtype but int64 beyond 2^53). */
    public double[] toDoubles() {
        int n = Math.toIntExact(size());
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[n];
        switch (dtype) {
            case FLOAT64 -> b.asDoubleBuffer().get(out);
            case INT64 -> { for (int i = 0; i < n; i++) out[i] = b.getLong(8 * i); }
            default -> {
                float[] f = toFloats();
                for (int i = 0; i < n; i++) out[i] = f[i];
            }
        }
        return out;
    }

    /** All elements as int64; floating types must hold whole numbers within the int64 range. */
    public long[] toLongs() {
        int n = Math.toIntExact(size());
        long[] out = new long[n];
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case INT64 -> b.asLongBuffer().get(out);
            case INT32 -> { for (int i = 0; i < n; i++) out[i] = b.getInt(4 * i); }
            default -> {
                double[] d = toDoubles();
                for (int i = 0; i < n; i++) {
                    // 2^63 is exactly representable and already out of range; NaN fails the rint test
                    if (d[i] != Math.rint(d[i]) || Math.abs(d[i]) >= 0x1p63) {
                        throw new BadInputException("expected integer values, found " + d[i] + " at index " + i);
                    }
                    out[i] = (long) d[i];
                }
            }
        }
        return out;
    }

    /** Index of the first NaN element, or -1 (±inf are not NaN). */
    public long firstNaN() {
        if (!dtype.isFloating()) return -1;
        double[] d = toDoubles();
        for (int i = 0; i < d.length; i++) if (Double.isNaN(d[i])) return i;
        return -1;
    }

    /** The row-major flat {@code index} as one index per axis, e.g. 7 in [2, 3, 2] → [1, 0, 1]. */
    public long[] position(long index) {
        long[] pos = new long[shape.length];
        for (int a = shape.length - 1; a >= 0; a--) {
            pos[a] = index % shape[a];
            index /= shape[a];
        }
        return pos;
    }

    /** Index of the first NaN or infinite element, or -1. */
    public long firstNonFinite() {
        if (!dtype.isFloating()) return -1;
        double[] d = toDoubles();
        for (int i = 0; i < d.length; i++) if (!Double.isFinite(d[i])) return i;
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray other && dtype == other.dtype && Arrays.equals(shape, other.shape)
                && data.duplicate().rewind().equals(other.data.duplicate().rewind());
    }

    @Override
    public int hashCode() {
        return 31 * dtype.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "NdArray[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
