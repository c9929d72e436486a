package dev.retort.core.report;

import dev.retort.core.RetortException;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Writes TensorBoard event files: TFRecord framing (u64 length, masked CRC32C of the length, payload, masked
 * CRC32C of the payload, little-endian) around protobuf {@code Event} messages with scalar summaries.
 * The protobuf is encoded by hand for the four fields used; no protobuf dependency. Records are buffered;
 * {@link #flush()} makes them visible to a running TensorBoard.
 */
public final class TfEventWriter implements AutoCloseable {
    private static final AtomicLong FILES_OPENED = new AtomicLong();
    private final Path file;
    private final OutputStream out;

    public TfEventWriter(Path dir) {
        try {
            Files.createDirectories(dir);
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
            // TensorFlow's own naming; pid and a counter keep two writers in one second and folder apart
            this.file = dir.resolve("events.out.tfevents." + System.currentTimeMillis() / 1000 + "." + host
                    + "." + ProcessHandle.current().pid() + "." + FILES_OPENED.incrementAndGet());
            this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
            writeRecord(event(System.currentTimeMillis() / 1e3, 0, enc -> enc.bytesField(3, "brain.Event:2".getBytes(StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new RetortException("cannot create TensorBoard event file in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized void scalar(String tag, long step, double value) {
        byte[] valueMsg = new ProtoEncoder().bytesField(1, tag.getBytes(StandardCharsets.UTF_8)).floatField(2, (float) value).toBytes();
        byte[] summary = new ProtoEncoder().bytesField(1, valueMsg).toBytes();
        writeRecord(event(System.currentTimeMillis() / 1e3, step, enc -> enc.bytesField(5, summary)));
    }

    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new RetortException("cannot flush " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new RetortException("cannot close " + file, e);
        }
    }

    private static byte[] event(double wallTime, long step, Consumer<ProtoEncoder> body) {
        ProtoEncoder enc = new ProtoEncoder().doubleField(1, wallTime).varintField(2, step);
        body.accept(enc);
        return enc.toBytes();
    }

    private void writeRecord(byte[] payload) {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(payload.length);
        header.putInt(maskedCrc(header.array(), 0, 8));
        ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(maskedCrc(payload, 0, payload.length));
        try {
            out.write(header.array());
            out.write(payload);
            out.write(footer.array());
        } catch (IOException e) {
            throw new RetortException("cannot write " + file, e);
        }
    }

    /** TFRecord's masked CRC32C: ((c >>> 15) | (c << 17)) + 0xa282ead8. */
    public static int maskedCrc(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    /** Minimal protobuf wire-format encoder: varint, fixed64 double, fixed32 float and length-delimited fields. */
    static final class ProtoEncoder {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        ProtoEncoder varintField(int field, long v) {
            varint((long) field << 3);
            varint(v);
            return this;
        }

        ProtoEncoder doubleField(int field, double v) {
            varint((long) field << 3 | 1);
            buf.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array());
            return this;
        }

        ProtoEncoder floatField(int field, float v) {
            varint((long) field << 3 | 5);
            buf.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array());
            return this;
        }

        ProtoEncoder bytesField(int field, byte[] v) {
            varint((long) field << 3 | 2);
            varint(v.length);
            buf.writeBytes(v);
            return this;
        }

        private void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                buf.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            buf.write((int) v);
        }

        byte[] toBytes() {
            return buf.toByteArray();
        }
    }
}
