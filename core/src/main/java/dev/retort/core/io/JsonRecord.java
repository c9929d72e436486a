package dev.retort.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One JSONL record and where it came from. Typed accessors fail with a {@link BadInputException} that
 * names the file, line and field, so a pipeline never reports a bad record without saying where it is.
 */
public record JsonRecord(Path file, long line, ObjectNode node) {

    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    public BadInputException error(String field, String problem) {
        return BadInputException.at(file, line, field, problem);
    }

    private JsonNode required(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw error(field, "missing");
        return v;
    }

    /** A string field; numbers and booleans are not silently converted. */
    public String text(String field) {
        JsonNode v = required(field);
        if (!v.isTextual()) throw error(field, "expected a string, found " + kind(v));
        return v.textValue();
    }

    public Optional<String> optText(String field) {
        return has(field) ? Optional.of(text(field)) : Optional.empty();
    }

    /** A finite number. */
    public double number(String field) {
        JsonNode v = required(field);
        if (!v.isNumber()) throw error(field, "expected a number, found " + kind(v));
        double d = v.doubleValue();
        if (!Double.isFinite(d)) throw error(field, "value is " + d + "; only finite numbers are accepted");
        return d;
    }

    public long integer(String field) {
        JsonNode v = required(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw error(field, "expected an integer, found " + v);
        return v.longValue();
    }

    /** true/false, also 1/0 (data sets mix the two). */
    public boolean bool(String field) {
        JsonNode v = required(field);
        if (v.isBoolean()) return v.booleanValue();
        if (v.isIntegralNumber() && (v.longValue() == 0 || v.longValue() == 1)) return v.longValue() == 1;
        throw error(field, "expected true/false or 1/0, found " + v);
    }

    public Optional<Boolean> optBool(String field) {
        return has(field) ? Optional.of(bool(field)) : Optional.empty();
    }

    /** An array of finite numbers. */
    public float[] floats(String field) {
        JsonNode v = required(field);
        if (!v.isArray()) throw error(field, "expected an array of numbers");
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isNumber()) throw error(field, "element " + i + " is not a number: " + e);
            double d = e.doubleValue();
            if (!Double.isFinite(d)) throw error(field, "element " + i + " is " + e.asText() + "; only finite numbers are accepted");
            out[i] = (float) d;
            if (!Float.isFinite(out[i])) throw error(field, "element " + i + " is " + e.asText() + ", outside the float32 range");
        }
        return out;
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** A list of strings; a single string is read as a one-element list (seed files use both). */
    public List<String> texts(String field) {
        JsonNode v = required(field);
        if (v.isTextual()) return List.of(v.textValue());
        if (!v.isArray()) throw error(field, "expected a string or an array of strings");
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) throw error(field, "element " + i + " is not a string: " + v.get(i));
            out.add(v.get(i).textValue());
        }
        return out;
    }
}
