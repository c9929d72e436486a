package dev.retort.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.io.Json;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An HTTP answer before it is written: status, content type, body, extra headers, and the error cause (null when none). */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers, String errorCause) {
    static final String JSON = "application/json; charset=utf-8";

    static Reply json(JsonNode node) {
        try {
            return new Reply(200, JSON, Json.MAPPER.writeValueAsBytes(node), Map.of(), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a reply as JSON", e);
        }
    }

    static Reply text(String contentType, String body) {
        return new Reply(200, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of(), null);
    }

    static Reply bytes(String contentType, byte[] body) {
        return new Reply(200, contentType, body, Map.of(), null);
    }

    /** {@code {"error": message, "status": n}} with the exception's headers. */
    static Reply error(ApiException e) {
        var node = Json.object().put("error", e.getMessage()).put("status", e.status());
        try {
            return new Reply(e.status(), JSON, Json.MAPPER.writeValueAsBytes(node), e.headers(), e.errorCause());
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("cannot write an error as JSON", x);
        }
    }
}
