package dev.retort.core.tensor;

import dev.retort.core.BadInputException;
import dev.retort.core.io.DType;
import dev.retort.core.io.NdArray;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/** Copies between libtorch tensors and Java arrays / {@link NdArray}s. Results live on the CPU. */
public final class Tensors {
    private Tensors() {
    }

    /** A float32 CPU tensor holding a copy of {@code values}, viewed as {@code shape} (whose product must be values.length). */
    public static Tensor of(float[] values, long... shape) {
        checkCount(values.length, shape);
        return Tensor.create(values, shape);
    }

    /** An int64 CPU tensor holding a copy of {@code values}, viewed as {@code shape} (whose product must be values.length). */
    /** An int64 [n] index tensor of these row numbers (for index_select). */
    public static Tensor indices(int[] rows) {
        long[] l = new long[rows.length];
        for (int i = 0; i < rows.length; i++) l[i] = rows[i];
        return Tensor.create(l, rows.length);
    }

    public static Tensor of(long[] values, long... shape) {
        checkCount(values.length, shape);
        return Tensor.create(values, shape);
    }

    /** libtorch allocates the shape uninitialized and copies the array in: a mismatch would read garbage. */
    private static void checkCount(int length, long[] shape) {
        if (NdArray.elementCount(shape) != length) {
            String hint = shape.length == 0 ? " (no shape means a 0-d tensor of one value; for a vector pass its length)" : "";
            throw new IllegalArgumentException(length + " values cannot fill shape " + Arrays.toString(shape) + hint);
        }
    }

    public static long[] shape(Tensor t) {
        return t.sizes().vec().get();
    }

    /** Elements in row-major order as float32 (converted from any dtype). */
    public static float[] toFloats(Tensor t) {
        Tensor c = t.detach().to(torch.ScalarType.Float).cpu().contiguous();
        float[] out = new float[Math.toIntExact(c.numel())];
        if (out.length > 0) ((FloatBuffer) c.createBuffer()).get(out); // an empty tensor has no buffer
        return out;
    }

    /** Elements in row-major order as int64 (converted from any dtype). */
    public static long[] toLongs(Tensor t) {
        Tensor c = t.detach().to(torch.ScalarType.Long).cpu().contiguous();
        long[] out = new long[Math.toIntExact(c.numel())];
        if (out.length > 0) ((LongBuffer) c.createBuffer()).get(out);
        return out;
    }

    /** A CPU tensor with the array's dtype and shape (float16 stays float16). */
    public static Tensor fromArray(NdArray a) {
        return switch (a.dtype()) {
            case FLOAT32 -> of(a.toFloats(), a.shape());
            case INT64 -> of(a.toLongs(), a.shape());
            case FLOAT16 -> of(a.toFloats(), a.shape()).to(torch.ScalarType.Half);
            case FLOAT64 -> Tensor.create(a.toDoubles(), a.shape());
            case INT32 -> of(a.toLongs(), a.shape()).to(torch.ScalarType.Int);
            case BOOL -> of(a.toFloats(), a.shape()).to(torch.ScalarType.Bool);
        };
    }

    /** The tensor's bytes in the requested dtype (converted if needed), exact for the tensor's own dtype. */
    public static NdArray toArray(Tensor t, DType dtype) {
        Tensor c = t.detach().to(scalarType(dtype)).cpu().contiguous();
        long bytes = c.numel() * dtype.bytes();
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes > 0) {
            BytePointer p = new BytePointer(c.data_ptr()).capacity(bytes);
            buf.put(p.asByteBuffer());
            buf.flip();
        }
        return new NdArray(dtype, shape(c), buf);
    }

    /** The dtype a tensor holds, among those retort stores. */
    public static DType dtypeOf(Tensor t) {
        // JavaCPP hands back native enums by value; compare values, not enum identity.
        int v = t.scalar_type().value;
        for (DType d : DType.values()) if (scalarType(d).value == v) return d;
        throw new BadInputException("tensor dtype " + t.scalar_type() + " cannot be stored; use float16/32/64, int32/64 or bool");
    }

    static torch.ScalarType scalarType(DType d) {
        return switch (d) {
            case FLOAT16 -> torch.ScalarType.Half;
            case FLOAT32 -> torch.ScalarType.Float;
            case FLOAT64 -> torch.ScalarType.Double;
            case INT32 -> torch.ScalarType.Int;
            case INT64 -> torch.ScalarType.Long;
            case BOOL -> torch.ScalarType.Bool;
        };
    }

    /** Copies {@code src}'s bytes into {@code dst} in place (same dtype and element count). */
    static void copyInto(Tensor dst, NdArray src) {
        Tensor cpu = fromArray(src).reshape(shape(dst)).to(dst.scalar_type());
        try (var noGrad = new org.bytedeco.pytorch.NoGradGuard()) {
            dst.copy_(cpu);
        }
    }
}
