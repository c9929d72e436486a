package dev.retort.kd.logits;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A float tensor as the course format stores it, before LZ4: little-endian float32 (32 bits), float16 (16),
 * or affine-quantized uint8 (8) / packed 4-bit (4) with one scale and zero point per tensor:
 * value = (q − zeroPoint) × scale. 4-bit packs element 2k in the low nibble and 2k+1 in the high nibble,
 * with a zero pad nibble when the count is odd ({@code padded}).
 */
record Quantized(int bits, byte[] bytes, double scale, double zeroPoint) {

    static int byteCount(int bits, long n) {
        return Math.toIntExact(switch (bits) {
            case 32 -> 4 * n;
            case 16 -> 2 * n;
            case 8 -> n;
            case 4 -> (n + 1) / 2;
            default -> throw new IllegalArgumentException("bits must be 4, 8, 16 or 32, got " + bits);
        });
    }

    /** @throws IllegalArgumentException for a non-finite value, or one float16 cannot hold */
    static Quantized encode(float[] x, int bits) {
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) throw new IllegalArgumentException("value " + i + " is " + x[i]);
        }
        ByteBuffer buf = ByteBuffer.allocate(byteCount(bits, x.length)).order(ByteOrder.LITTLE_ENDIAN);
        switch (bits) {
            case 32 -> {
                for (float v : x) buf.putFloat(v);
                return new Quantized(bits, buf.array(), Double.NaN, Double.NaN);
            }
            case 16 -> {
                for (int i = 0; i < x.length; i++) {
                    short h = Float.floatToFloat16(x[i]);
                    if (!Float.isFinite(Float.float16ToFloat(h))) throw new IllegalArgumentException("value " + i + " = " + x[i] + " overflows float16");
                    buf.putShort(h);
                }
                return new Quantized(bits, buf.array(), Double.NaN, Double.NaN);
            }
            default -> {
                float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
                for (float v : x) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                int qmax = (1 << bits) - 1;
                double scale = x.length == 0 || max == min ? 1.0 : ((double) max - min) / qmax;
                double zeroPoint = x.length == 0 ? 0 : -min / scale;
                byte[] out = buf.array();
                for (int i = 0; i < x.length; i++) {
                    int q = (int) Math.max(0, Math.min(qmax, Math.round(x[i] / scale + zeroPoint)));
                    if (bits == 8) out[i] = (byte) q;
                    else out[i >> 1] |= (byte) ((i & 1) == 0 ? q : q << 4);
                }
                return new Quantized(bits, out, scale, zeroPoint);
            }
        }
    }

    /** The n values; {@code bytes} must hold exactly {@link #byteCount}(bits, n). Non-finite results are the caller's to check. */
    float[] decode(int n) {
        float[] out = new float[n];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        switch (bits) {
            case 32 -> {
                for (int i = 0; i < n; i++) out[i] = buf.getFloat();
            }
            case 16 -> {
                for (int i = 0; i < n; i++) out[i] = Float.float16ToFloat(buf.getShort());
            }
            case 8 -> {
                for (int i = 0; i < n; i++) out[i] = (float) (((bytes[i] & 0xFF) - zeroPoint) * scale);
            }
            case 4 -> {
                float[] level = new float[16];
                for (int q = 0; q < 16; q++) level[q] = (float) ((q - zeroPoint) * scale);
                for (int i = 0; i < n; i++) out[i] = level[(bytes[i >> 1] >> ((i & 1) * 4)) & 0xF];
            }
            default -> throw new IllegalArgumentException("bits must be 4, 8, 16 or 32, got " + bits);
        }
        return out;
    }
}
