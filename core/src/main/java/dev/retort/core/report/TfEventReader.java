package dev.retort.core.report;

import dev.retort.core.BadInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back TensorBoard event files written by {@link TfEventWriter}, verifying every CRC. Used by tests
 * and by tools that want a run's curves without TensorBoard.
 */
public final class TfEventReader {

    /** One scalar: the step, tag, value and wall time of its event. */
    public record Scalar(long step, String tag, float value, double wallTime) {
    }

    /** The file_version string of the first event and every scalar after it. */
    public record Events(String fileVersion, List<Scalar> scalars) {
    }

    private TfEventReader() {
    }

    public static Events read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        String version = null;
        List<Scalar> scalars = new ArrayList<>();
        int record = 0;
        while (b.remaining() > 0) {
            if (b.remaining() < 12) throw corrupt(file, record, "truncated record header");
            int start = b.position();
            long len = b.getLong();
            int lenCrc = b.getInt();
            if (lenCrc != TfEventWriter.maskedCrc(all, start, 8)) throw corrupt(file, record, "length CRC mismatch");
            if (len < 0 || len > b.remaining() - 4) throw corrupt(file, record, "truncated payload");
            int payloadStart = b.position();
            b.position(payloadStart + (int) len);
            int dataCrc = b.getInt();
            if (dataCrc != TfEventWriter.maskedCrc(all, payloadStart, (int) len)) throw corrupt(file, record, "payload CRC mismatch");
            ProtoDecoder event = new ProtoDecoder(all, payloadStart, payloadStart + (int) len);
            double wall = 0;
            long step = 0;
            while (event.hasMore()) {
                switch (event.nextField()) {
                    case 1 -> wall = event.fixed64AsDouble();
                    case 2 -> step = event.varint();
                    case 3 -> version = new String(event.bytes(), StandardCharsets.UTF_8);
                    case 5 -> scalars.addAll(summary(event.bytes(), step, wall));
                    default -> event.skip();
                }
            }
            record++;
        }
        return new Events(version, scalars);
    }

    private static List<Scalar> summary(byte[] msg, long step, double wall) {
        List<Scalar> out = new ArrayList<>();
        ProtoDecoder s = new ProtoDecoder(msg, 0, msg.length);
        while (s.hasMore()) {
            if (s.nextField() != 1) {
                s.skip();
                continue;
            }
            byte[] value = s.bytes();
            ProtoDecoder v = new ProtoDecoder(value, 0, value.length);
            String tag = null;
            float simple = Float.NaN;
            while (v.hasMore()) {
                switch (v.nextField()) {
                    case 1 -> tag = new String(v.bytes(), StandardCharsets.UTF_8);
                    case 2 -> simple = v.fixed32AsFloat();
                    default -> v.skip();
                }
            }
            out.add(new Scalar(step, tag, simple, wall));
        }
        return out;
    }

    private static BadInputException corrupt(Path file, int record, String problem) {
        return new BadInputException(file + ": record " + record + ": " + problem);
    }

    /** Minimal protobuf wire-format decoder for the fields above. */
    private static final class ProtoDecoder {
        private final ByteBuffer b;
        private final int end;
        private int wireType;

        ProtoDecoder(byte[] data, int start, int end) {
            this.b = ByteBuffer.wrap(data, start, end - start).order(ByteOrder.LITTLE_ENDIAN);
            this.end = end;
        }

        boolean hasMore() {
            return b.position() < end;
        }

        int nextField() {
            long key = varint();
            wireType = (int) (key & 7);
            return (int) (key >>> 3);
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte x = b.get();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) return v;
            }
            throw new IllegalStateException("varint too long");
        }

        double fixed64AsDouble() {
            return b.getDouble();
        }

        float fixed32AsFloat() {
            return b.getFloat();
        }

        byte[] bytes() {
            byte[] out = new byte[(int) varint()];
            b.get(out);
            return out;
        }

        void skip() {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> b.position(b.position() + 8);
                case 2 -> bytes();
                case 5 -> b.position(b.position() + 4);
                default -> throw new IllegalStateException("unsupported wire type " + wireType);
            }
        }
    }
}
