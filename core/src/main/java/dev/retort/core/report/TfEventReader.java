package dev.retort.core.report;

import dev.retort.core.BadInputException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads back TensorBoard event files written by {@link TfEventWriter} (or TensorFlow), verifying every CRC.
 * Used by tests and by tools that want a run's curves without TensorBoard. A damaged file — truncated,
 * a flipped byte, a payload that is not an Event protobuf — is a {@link BadInputException} naming the file
 * and the record; nothing else escapes.
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
            if (lenCrc != TfEventWriter.maskedCrc(all, start, 8)) throw corrupt(file, record, "length CRC mismatch at byte " + start + " (the file is damaged)");
            if (len < 0 || len > b.remaining() - 4) throw corrupt(file, record, "payload of " + len + " bytes runs past the end of the file (truncated?)");
            int payloadStart = b.position();
            b.position(payloadStart + (int) len);
            int dataCrc = b.getInt();
            if (dataCrc != TfEventWriter.maskedCrc(all, payloadStart, (int) len)) throw corrupt(file, record, "payload CRC mismatch at byte " + payloadStart + " (the file is damaged)");
            try {
                ProtoDecoder event = new ProtoDecoder(all, payloadStart, payloadStart + (int) len);
                double wall = 0;
                long step = 0;
                List<byte[]> summaries = new ArrayList<>(1); // decoded after the loop: fields may come in any order
                while (event.hasMore()) {
                    switch (event.nextField()) {
                        case 1 -> wall = event.fixed64AsDouble();
                        case 2 -> step = event.varint(0);
                        case 3 -> version = new String(event.bytes(), StandardCharsets.UTF_8);
                        case 5 -> summaries.add(event.bytes());
                        default -> event.skip();
                    }
                }
                for (byte[] summary : summaries) scalars.addAll(summary(summary, step, wall));
            } catch (MalformedProtobuf e) {
                throw corrupt(file, record, "malformed Event protobuf: " + e.getMessage());
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
            Float simple = null;
            while (v.hasMore()) {
                switch (v.nextField()) {
                    case 1 -> tag = new String(v.bytes(), StandardCharsets.UTF_8);
                    case 2 -> simple = v.fixed32AsFloat();
                    default -> v.skip();
                }
            }
            // values without simple_value are images, histograms, text: not scalars
            if (simple != null) out.add(new Scalar(step, tag, simple, wall));
        }
        return out;
    }

    private static BadInputException corrupt(Path file, int record, String problem) {
        return new BadInputException(file + ": record " + record + ": " + problem);
    }

    /** A protobuf message that does not decode; becomes a {@link BadInputException} naming the record. */
    private static final class MalformedProtobuf extends RuntimeException {
        MalformedProtobuf(String message) {
            super(message, null, false, false);
        }
    }

    /** Minimal protobuf wire-format decoder for the fields above; bounds and wire types are checked. */
    private static final class ProtoDecoder {
        private final byte[] data;
        private final int end;
        private int pos;
        private int field;
        private int wireType;

        ProtoDecoder(byte[] data, int start, int end) {
            this.data = data;
            this.pos = start;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        int nextField() {
            long key = varint(-1);
            wireType = (int) (key & 7);
            if ((key >>> 3) == 0 || (key >>> 3) > Integer.MAX_VALUE) throw new MalformedProtobuf("invalid field number " + (key >>> 3));
            field = (int) (key >>> 3);
            return field;
        }

        /** A varint; {@code expectWire} 0 checks that the current field is one, -1 skips the check (keys). */
        long varint(int expectWire) {
            if (expectWire >= 0) expectWire(expectWire);
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                need(1);
                byte x = data[pos++];
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) return v;
            }
            throw new MalformedProtobuf("varint longer than 10 bytes");
        }

        double fixed64AsDouble() {
            expectWire(1);
            need(8);
            double d = ByteBuffer.wrap(data, pos, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble();
            pos += 8;
            return d;
        }

        float fixed32AsFloat() {
            expectWire(5);
            need(4);
            float f = ByteBuffer.wrap(data, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
            pos += 4;
            return f;
        }

        byte[] bytes() {
            expectWire(2);
            long n = varint(-1);
            if (n < 0 || n > end - pos) throw new MalformedProtobuf("field " + field + " claims " + n + " bytes, " + (end - pos) + " remain");
            byte[] out = Arrays.copyOfRange(data, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }

        void skip() {
            switch (wireType) {
                case 0 -> varint(-1);
                case 1 -> advance(8);
                case 2 -> bytes();
                case 5 -> advance(4);
                default -> throw new MalformedProtobuf("unsupported wire type " + wireType + " in field " + field);
            }
        }

        private void advance(int n) {
            need(n);
            pos += n;
        }

        private void need(int n) {
            if (end - pos < n) throw new MalformedProtobuf("field " + field + " runs past the end of its message");
        }

        private void expectWire(int expected) {
            if (wireType != expected) throw new MalformedProtobuf("field " + field + " has wire type " + wireType + ", expected " + expected);
        }
    }
}
