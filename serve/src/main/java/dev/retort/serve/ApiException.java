package dev.retort.serve;

import java.util.Map;

/**
 * A request that gets an error answer: the HTTP status, a short cause for the error metrics
 * ({@code retort_http_errors_total{cause=…}}), a message for the client that names the field when one is at fault, and
 * any headers the status calls for (Retry-After with 503, Allow with 405).
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final String cause;
    private final Map<String, String> headers;

    ApiException(int status, String cause, String message) {
        this(status, cause, message, Map.of());
    }

    ApiException(int status, String cause, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.cause = cause;
        this.headers = headers;
    }

    static ApiException badField(String field, String problem) {
        return new ApiException(400, "bad_field", "field '" + field + "': " + problem);
    }

    static ApiException malformedJson(String problem) {
        return new ApiException(400, "malformed_json", "malformed JSON: " + problem);
    }

    static ApiException overloaded(int limit) {
        return new ApiException(503, "overloaded", "busy: " + limit + " requests are being handled (--max-concurrent); retry shortly",
                Map.of("Retry-After", "1"));
    }

    int status() {
        return status;
    }

    String errorCause() {
        return cause;
    }

    Map<String, String> headers() {
        return headers;
    }
}
