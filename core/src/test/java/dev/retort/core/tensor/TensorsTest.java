package dev.retort.core.tensor;

import dev.retort.core.Engine;
import dev.retort.core.io.DType;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TensorsTest {

    @BeforeAll
    static void engine() {
        Engine.get();
    }

    /** Random bytes of every dtype (float bit patterns included) survive NdArray → tensor → NdArray unchanged. */
    @Test
    void everyDtypeRoundTripsThroughATensorBitExactly() {
        SplittableRandom random = new SplittableRandom(3);
        for (DType dtype : DType.values()) {
            for (long[] shape : List.of(new long[]{2, 3, 4}, new long[]{7}, new long[0], new long[]{0, 5})) {
                int count = (int) NdArray.elementCount(shape);
                byte[] raw = new byte[count * dtype.bytes()];
                random.nextBytes(raw);
                if (dtype.isFloating()) canonicalizeNaNs(raw, dtype); // libtorch may quiet signalling NaNs
                if (dtype == DType.BOOL) for (int i = 0; i < raw.length; i++) raw[i] &= 1;  // numpy writes bools as 0/1
                NdArray a = new NdArray(dtype, shape, ByteBuffer.wrap(raw));
                Tensor t = Tensors.fromArray(a);
                assertThat(Tensors.dtypeOf(t)).as("%s %s", dtype, java.util.Arrays.toString(shape)).isEqualTo(dtype);
                assertThat(Tensors.shape(t)).containsExactly(shape);
                NdArray back = Tensors.toArray(t, dtype);
                assertThat(back).as("%s %s", dtype, java.util.Arrays.toString(shape)).isEqualTo(a);
            }
        }
    }

    @Test
    void javaArraysAndConversionsBetweenDtypes() {
        Tensor f = Tensors.of(new float[]{1.5f, -2f, 3f, 0.25f, 5f, 6f}, 2, 3);
        assertThat(Tensors.shape(f)).containsExactly(2, 3);
        assertThat(Tensors.toFloats(f)).containsExactly(1.5f, -2f, 3f, 0.25f, 5f, 6f);
        assertThat(Tensors.toLongs(Tensors.of(new float[]{1f, -2f}, 2))).containsExactly(1L, -2L);
        Tensor l = Tensors.of(new long[]{Long.MAX_VALUE, -7}, 2);
        assertThat(Tensors.toLongs(l)).containsExactly(Long.MAX_VALUE, -7L);
        assertThat(Tensors.dtypeOf(l)).isEqualTo(DType.INT64);
        // float32 → float16 in libtorch rounds like Float.floatToFloat16 (nearest even)
        float[] values = {0.1f, 1f / 3, 65504f, 1e-7f, -2.5f};
        NdArray viaTorch = Tensors.toArray(Tensors.of(values, 5), DType.FLOAT16);
        assertThat(viaTorch).isEqualTo(NdArray.ofHalfFloats(values, 5));
        // a transposed (non-contiguous) view is copied in logical order
        Tensor tr = f.t();
        assertThat(Tensors.toArray(tr, DType.FLOAT32).toFloats()).containsExactly(1.5f, 0.25f, -2f, 5f, 3f, 6f);
        assertThat(Tensors.toFloats(Tensors.of(new float[]{4f}))).containsExactly(4f);
        assertThat(Tensors.shape(Tensors.of(new float[]{4f}))).isEmpty();
        assertThat(Tensors.toFloats(Tensors.of(new float[0], 0, 3))).isEmpty();
    }

    @Test
    void valueCountMustFillTheShape() {
        assertThatThrownBy(() -> Tensors.of(new float[]{1, 2, 3}, 2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("3 values cannot fill shape [2, 2]");
        assertThatThrownBy(() -> Tensors.of(new long[]{1}, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tensors.of(new float[]{1, 2})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("for a vector pass its length");
    }

    @Test
    void float64ArraysKeepFullPrecision() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.0 / 3).putDouble(1e300).flip();
        NdArray a = new NdArray(DType.FLOAT64, new long[]{2}, b);
        Tensor t = Tensors.fromArray(a);
        assertThat(t.get(0).item_double()).isEqualTo(1.0 / 3);
        assertThat(t.get(1).item_double()).isEqualTo(1e300);
    }

    @Test
    void unsupportedTensorDtypeIsNamed() {
        Tensor b = torch.ones(2).to(torch.ScalarType.Byte);   // uint8: numpy has it, retort stores it not
        assertThatThrownBy(() -> Tensors.dtypeOf(b)).hasMessageContaining("cannot be stored");
    }

    @Test
    void npyFileToTensorAndBack(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Tensor x = torch.randn(3, 4);
        java.nio.file.Path f = dir.resolve("x.npy");
        Npy.write(f, Tensors.toArray(x, DType.FLOAT32));
        Tensor y = Tensors.fromArray(Npy.read(f));
        assertThat(torch.equal(x, y)).isTrue();
    }

    private static void canonicalizeNaNs(byte[] raw, DType dtype) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < raw.length; i += dtype.bytes()) {
            switch (dtype) {
                case FLOAT16 -> { if (Float.isNaN(Float.float16ToFloat(b.getShort(i)))) b.putShort(i, (short) 0x7e00); }
                case FLOAT32 -> { if (Float.isNaN(b.getFloat(i))) b.putInt(i, 0x7fc00000); }
                case FLOAT64 -> { if (Double.isNaN(b.getDouble(i))) b.putLong(i, 0x7ff8000000000000L); }
                default -> { }
            }
        }
    }
}
