package dev.retort.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.io.Json;

import java.io.IOException;

/** A request body read as one JSON object, and its fields read with errors that name them (400, never a 500). */
record JsonBody(JsonNode root) {

    static JsonBody parse(byte[] body) {
        if (body.length == 0) throw ApiException.malformedJson("empty body, expected a JSON object");
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw ApiException.malformedJson(e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw ApiException.malformedJson(String.valueOf(e.getMessage()));
        }
        if (node == null || !node.isObject()) throw ApiException.malformedJson("expected a JSON object");
        return new JsonBody(node);
    }

    /** A required, non-blank string field. */
    String text(String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) throw ApiException.badField(field, "missing");
        if (!v.isTextual()) throw ApiException.badField(field, "must be a string, got " + kind(v));
        if (v.asText().isBlank()) throw ApiException.badField(field, "must not be blank");
        return v.asText();
    }

    /** An optional string field, or {@code fallback} when absent. */
    String optionalText(String field, String fallback) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isTextual()) throw ApiException.badField(field, "must be a string, got " + kind(v));
        return v.asText();
    }

    /** An optional whole number in [min, max], or {@code fallback} when absent. */
    int optionalInt(String field, int fallback, int min, int max) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw ApiException.badField(field, "must be a whole number, got " + kind(v));
        int n = v.intValue();
        if (n < min || n > max) throw ApiException.badField(field, "must be in " + min + ".." + max + ", got " + n);
        return n;
    }

    /** A required array field. */
    JsonNode array(String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) throw ApiException.badField(field, "missing");
        if (!v.isArray()) throw ApiException.badField(field, "must be an array, got " + kind(v));
        return v;
    }

    static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
