package dev.retort.kd.logits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.RetortException;
import dev.retort.core.io.AtomicFiles;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonRecord;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The original Python pipeline's teacher-logit files ({@code distillation_data_{training,validation}.jsonl}):
 * a {@code {"header": …}} line, then per example the data set fields, {@code predicted_assertions},
 * {@code model_type} and {@code compressed_logits} — a [1, T, V] float tensor, quantized ({@link Quantized}),
 * LZ4-framed and hex-encoded. Read with {@link TeacherLogitsReader}; write with {@link #writer}.
 */
public final class CourseFormat {
    public static final Set<Integer> BITS = Set.of(4, 8, 16, 32);
    /** Largest tensor accepted when reading: twice the real files' 512 × 32100, so a corrupt shape cannot exhaust memory. */
    static final long MAX_VALUES = 1L << 25;

    private CourseFormat() {
    }

    /**
     * A writer of {@code bits}-bit records; the header ({@code item_count} included) is written on commit.
     *
     * @param datasetType "training" or "validation", as in the original file names
     */
    public static TeacherLogitsWriter writer(Path file, int bits, String datasetType, String modelType) {
        if (!BITS.contains(bits)) throw new IllegalArgumentException("bits must be 4, 8, 16 or 32, got " + bits);
        return new Writer(file, bits, datasetType, modelType);
    }

    /** The record's {@code compressed_logits} field, decoded; errors name the record's file, line and field. */
    static TeacherLogits.Dense decode(JsonRecord rec, String id) {
        JsonNode c = rec.node().get("compressed_logits");
        if (c == null || !c.isObject()) throw rec.error("compressed_logits", "missing or not an object");
        String format = c.path("format").asText("");
        if (!format.equals("lz4")) throw rec.error("compressed_logits.format", "only lz4 is supported, found '" + format + "'");
        int bits = c.path("bits").asInt(-1);
        if (!c.path("bits").isInt() || !BITS.contains(bits)) throw rec.error("compressed_logits.bits", "expected 4, 8, 16 or 32, found " + c.get("bits"));
        JsonNode shape = c.path("shape");
        if (!shape.isArray() || shape.size() != 3 || !shape.get(0).isInt() || shape.get(0).asInt() != 1
                || !shape.get(1).isInt() || !shape.get(2).isInt() || shape.get(1).asInt() < 0 || shape.get(2).asInt() < 1)
            throw rec.error("compressed_logits.shape", "expected [1, T, V] with T ≥ 0 and V ≥ 1, found " + shape);
        int t = shape.get(1).asInt(), v = shape.get(2).asInt();
        long n = (long) t * v;
        if (n > MAX_VALUES) throw rec.error("compressed_logits.shape", shape + " holds " + n + " values, more than the " + MAX_VALUES + " accepted");
        double scale = Double.NaN, zeroPoint = Double.NaN;
        if (bits <= 8) {
            scale = finite(rec, c, "scale");
            zeroPoint = finite(rec, c, "zero_point");
        }
        JsonNode data = c.path("data_encoded").path("data");
        if (!data.isTextual()) throw rec.error("compressed_logits.data_encoded.data", "missing or not a string");
        byte[] frame;
        try {
            frame = Hex.decode(data.textValue());
        } catch (IllegalArgumentException e) {
            throw rec.error("compressed_logits.data_encoded.data", "malformed hex: " + e.getMessage());
        }
        byte[] raw;
        try {
            raw = Lz4Frames.decompress(frame, Quantized.byteCount(bits, n));
        } catch (IOException e) {
            throw rec.error("compressed_logits.data_encoded.data", "truncated or corrupt LZ4 frame: " + e.getMessage());
        }
        float[] values = new Quantized(bits, raw, scale, zeroPoint).decode((int) n);
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i]))
                throw rec.error("compressed_logits", "value at position " + (i / v) + ", token " + (i % v) + " is " + values[i]);
        }
        return new TeacherLogits.Dense(id, t, v, values);
    }

    private static double finite(JsonRecord rec, JsonNode c, String field) {
        JsonNode f = c.get(field);
        if (f == null || !f.isNumber() || !Double.isFinite(f.doubleValue()))
            throw rec.error("compressed_logits." + field, "expected a finite number for " + c.path("bits") + "-bit values, found " + f);
        return f.doubleValue();
    }

    /** The {@code compressed_logits} object for a tensor of shape [1, T, V], as python-lz4 and the original pipeline lay it out. */
    static ObjectNode encode(TeacherLogits.Dense logits, int bits) {
        Quantized q = Quantized.encode(logits.values(), bits);
        byte[] frame = Lz4Frames.compress(q.bytes());
        int originalBytes = 4 * logits.values().length;
        ObjectNode c = Json.object();
        c.put("format", "lz4");
        c.put("bits", bits);
        c.putArray("shape").add(1).add(logits.length()).add(logits.vocabSize());
        ObjectNode comp = c.putObject("compression");
        comp.put("bits", bits);
        comp.put("original_size_bytes", originalBytes);
        comp.put("bit_compressed_size_bytes", q.bytes().length);
        comp.put("final_size_bytes", frame.length);
        comp.put("compression_ratio", (double) originalBytes / frame.length);
        ObjectNode enc = c.putObject("data_encoded");
        enc.put("encoding", "lz4");
        enc.put("data", Hex.encode(frame));
        enc.put("original_size", q.bytes().length);
        enc.put("compressed_size", frame.length);
        if (bits <= 8) {
            c.put("scale", q.scale());
            c.put("zero_point", q.zeroPoint());
        }
        if (bits == 4) {
            c.put("packed", true);
            c.put("values_per_byte", 2);
            c.put("padded", logits.values().length % 2 == 1);
        }
        return c;
    }

    /** Body lines go to a hidden temp file; commit writes the header, then the body, atomically. */
    private static final class Writer implements TeacherLogitsWriter {
        private final Path target;
        private final Path body;
        private final BufferedWriter out;
        private final int bits;
        private final String datasetType;
        private final String modelType;
        private long count;
        private boolean closed;

        Writer(Path target, int bits, String datasetType, String modelType) {
            this.target = target;
            this.bits = bits;
            this.datasetType = datasetType;
            this.modelType = modelType;
            try {
                Path dir = target.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                body = Files.createTempFile(dir, "." + target.getFileName(), ".body");
                out = Files.newBufferedWriter(body, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new RetortException("cannot create " + target + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void write(TeacherExample r) {
            if (!(r.logits() instanceof TeacherLogits.Dense dense))
                throw new IllegalArgumentException(r.example().id() + ": the course format stores dense logits, got " + r.logits().getClass().getSimpleName());
            AssertionExample e = r.example();
            ObjectNode o = AssertionDataset.toJson(e);
            o.put("original_target", e.target());
            if (r.predictedAssertions() != null) o.put("predicted_assertions", r.predictedAssertions());
            try {
                o.set("compressed_logits", encode(dense, bits));
            } catch (IllegalArgumentException bad) {
                throw new RetortException("teacher logits of " + e.id() + ": " + bad.getMessage(), bad);
            }
            o.put("model_type", modelType);
            try {
                out.write(Json.toJson(o));
                out.write('\n');
            } catch (IOException ex) {
                throw new RetortException("cannot write " + body + ": " + ex.getMessage(), ex);
            }
            count++;
        }

        @Override
        public void commit() {
            ObjectNode h = Json.object();
            ObjectNode header = h.putObject("header");
            header.put("dataset_type", datasetType);
            header.put("item_count", count);
            header.putObject("compression").putObject("format_counts").put("lz4", count);
            header.putObject("args").put("bits", bits).put("model_type", modelType).put("fp16", false);
            try {
                out.close();
                AtomicFiles.write(target, os -> {
                    os.write((Json.toJson(h) + "\n").getBytes(StandardCharsets.UTF_8));
                    Files.copy(body, os);
                });
            } catch (IOException e) {
                throw new RetortException("cannot finish " + target + ": " + e.getMessage(), e);
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            try {
                out.close();
                Files.deleteIfExists(body);
            } catch (IOException e) {
                throw new RetortException("cannot remove " + body + ": " + e.getMessage(), e);
            }
        }
    }
}
