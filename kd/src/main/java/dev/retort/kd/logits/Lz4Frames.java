package dev.retort.kd.logits;

import org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorOutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * LZ4 frames as python-lz4 writes them (linked blocks, no checksums). commons-compress reads those frames;
 * lz4-java's frame reader refuses linked blocks.
 */
final class Lz4Frames {
    private static final FramedLZ4CompressorOutputStream.Parameters LIKE_PYTHON_LZ4 = new FramedLZ4CompressorOutputStream.Parameters(
            FramedLZ4CompressorOutputStream.BlockSize.M4, false, false, true, BlockLZ4CompressorOutputStream.createParameterBuilder().build());

    private Lz4Frames() {
    }

    static byte[] compress(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 2 + 64);
        try (var out = new FramedLZ4CompressorOutputStream(bytes, LIKE_PYTHON_LZ4)) {
            out.write(data);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory LZ4 compression failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decompresses one frame that must hold exactly {@code expected} bytes.
     *
     * @throws IOException for a truncated or corrupt frame, or one of another size
     */
    static byte[] decompress(byte[] frame, int expected) throws IOException {
        byte[] out = new byte[expected];
        try (InputStream in = new FramedLZ4CompressorInputStream(new ByteArrayInputStream(frame))) {
            int n = in.readNBytes(out, 0, expected);
            if (n < expected) throw new IOException("frame holds " + n + " bytes, the shape and bits need " + expected);
            if (in.read() >= 0) throw new IOException("frame holds more than the " + expected + " bytes the shape and bits need");
        } catch (RuntimeException e) {  // commons-compress reports some corrupt frames this way
            throw new IOException("corrupt LZ4 frame: " + e, e);
        }
        return out;
    }
}
