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
        if (n * dtype.bytes() != data.remaining()) {
            throw new BadInputException("array of shape " + Arrays.toString(shape) + " and dtype " + dtype
                    + " needs " + n * dtype.bytes() + " bytes, found " + data.remaining());
        }
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new BadInputException("negative dimension in shape " + Arrays.toString(shape));
            n = Math.multiplyExact(n, d);
        }
        return n;
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
        }
        return out;
    }

    /** All elements as int64; floating types must hold whole numbers. */
    public long[] toLongs() {
        int n = Math.toIntExact(size());
        long[] out = new long[n];
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case INT64 -> b.asLongBuffer().get(out);
            case INT32 -> { for (int i = 0; i < n; i++) out[i] = b.getInt(4 * i); }
            default -> {
                float[] f = toFloats();
                for (int i = 0; i < n; i++) {
                    if (f[i] != Math.rint(f[i])) throw new BadInputException("expected integer values, found " + f[i] + " at index " + i);
                    out[i] = (long) f[i];
                }
            }
        }
        return out;
    }

    /** Index of the first NaN or infinite element, or -1. */
    public long firstNonFinite() {
        if (!dtype.isFloating()) return -1;
        float[] f = toFloats();
        for (int i = 0; i < f.length; i++) if (!Float.isFinite(f[i])) return i;
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
