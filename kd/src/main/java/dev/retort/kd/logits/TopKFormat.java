package dev.retort.kd.logits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlWriter;
import dev.retort.kd.data.AssertionDataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;

/**
 * retort's compact teacher-logit files (docs/kd-formats.md): a {@code {"header": {"format": "topk", …}}}
 * line, then per example the data set fields, {@code predicted_assertions} and {@code topk_logits}:
 * <pre>
 * {"length": T, "vocab_size": V, "k": K,
 *  "ids":      base64, T·K token ids, little-endian uint16 when V ≤ 65536 else int32, best first,
 *  "logits":   base64, T·K float16 logits (little-endian),
 *  "log_rest": base64, T float32 logs of the softmax mass outside the top K (−∞ when K = V)}
 * </pre>
 * T counts only the real target positions (no padding). About K·4 + 4 bytes per position before base64.
 */
public final class TopKFormat {
    private TopKFormat() {
    }

    public static TeacherLogitsWriter writer(Path file, int k, String datasetType, String modelType) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        JsonlWriter out = JsonlWriter.create(file);
        ObjectNode h = Json.object();
        h.putObject("header").put("format", "topk").put("k", k).put("dataset_type", datasetType).put("model_type", modelType);
        out.write(h);
        return new TeacherLogitsWriter() {
            @Override
            public void write(TeacherExample r) {
                ObjectNode o = AssertionDataset.toJson(r.example());
                if (r.predictedAssertions() != null) o.put("predicted_assertions", r.predictedAssertions());
                o.set("topk_logits", encode(r.logits().topK(k)));
                out.write(o);
            }

            @Override
            public void commit() {
                out.commit();
            }

            @Override
            public void close() {
                out.close();
            }
        };
    }

    static ObjectNode encode(TeacherLogits.TopK t) {
        int n = t.length() * t.k();
        boolean shortIds = t.vocabSize() <= 65536;
        ByteBuffer ids = ByteBuffer.allocate(n * (shortIds ? 2 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer logits = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer rest = ByteBuffer.allocate(t.length() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            if (shortIds) ids.putShort((short) t.ids()[i]);
            else ids.putInt(t.ids()[i]);
            logits.putShort(Float.floatToFloat16(t.logits()[i]));
        }
        for (float r : t.logRest()) rest.putFloat(r);
        ObjectNode o = Json.object();
        o.put("length", t.length()).put("vocab_size", t.vocabSize()).put("k", t.k());
        Base64.Encoder b64 = Base64.getEncoder();
        o.put("ids", b64.encodeToString(ids.array()));
        o.put("logits", b64.encodeToString(logits.array()));
        o.put("log_rest", b64.encodeToString(rest.array()));
        return o;
    }

    static TeacherLogits.TopK decode(JsonRecord rec, String id) {
        JsonNode o = rec.node().get("topk_logits");
        if (o == null || !o.isObject()) throw rec.error("topk_logits", "missing or not an object");
        int t = positiveInt(rec, o, "length", 0), v = positiveInt(rec, o, "vocab_size", 1), k = positiveInt(rec, o, "k", 1);
        if (k > v) throw rec.error("topk_logits.k", "k = " + k + " exceeds vocab_size " + v);
        long n = (long) t * k;
        if (n > CourseFormat.MAX_VALUES) throw rec.error("topk_logits", t + " × " + k + " values are more than the " + CourseFormat.MAX_VALUES + " accepted");
        boolean shortIds = v <= 65536;
        ByteBuffer ids = bytes(rec, o, "ids", n * (shortIds ? 2 : 4));
        ByteBuffer logits = bytes(rec, o, "logits", n * 2);
        ByteBuffer restBytes = bytes(rec, o, "log_rest", t * 4L);
        int[] idv = new int[(int) n];
        float[] lv = new float[(int) n];
        float[] rest = new float[t];
        for (int i = 0; i < n; i++) {
            idv[i] = shortIds ? Short.toUnsignedInt(ids.getShort()) : ids.getInt();
            if (idv[i] < 0 || idv[i] >= v) throw rec.error("topk_logits.ids", "id " + idv[i] + " at position " + (i / k) + " is outside 0.." + (v - 1));
            lv[i] = Float.float16ToFloat(logits.getShort());
            if (!Float.isFinite(lv[i])) throw rec.error("topk_logits.logits", "value " + lv[i] + " at position " + (i / k) + ", rank " + (i % k));
        }
        for (int i = 0; i < t; i++) {
            rest[i] = restBytes.getFloat();
            if (Float.isNaN(rest[i]) || rest[i] > 0 || (rest[i] == Float.NEGATIVE_INFINITY && k < v))
                throw rec.error("topk_logits.log_rest", "value " + rest[i] + " at position " + i + " is not the log of a probability mass");
        }
        return new TeacherLogits.TopK(id, t, v, k, idv, lv, rest);
    }

    private static int positiveInt(JsonRecord rec, JsonNode o, String field, int min) {
        JsonNode f = o.get(field);
        if (f == null || !f.isInt() || f.asInt() < min) throw rec.error("topk_logits." + field, "expected an integer ≥ " + min + ", found " + f);
        return f.asInt();
    }

    private static ByteBuffer bytes(JsonRecord rec, JsonNode o, String field, long expected) {
        JsonNode f = o.get(field);
        if (f == null || !f.isTextual()) throw rec.error("topk_logits." + field, "missing or not a base64 string");
        byte[] b;
        try {
            b = Base64.getDecoder().decode(f.textValue());
        } catch (IllegalArgumentException e) {
            throw rec.error("topk_logits." + field, "malformed base64: " + e.getMessage());
        }
        if (b.length != expected) throw rec.error("topk_logits." + field, "holds " + b.length + " bytes, length and k need " + expected);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
