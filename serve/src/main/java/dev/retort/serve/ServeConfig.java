package dev.retort.serve;

import dev.retort.core.BadInputException;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@link RetortServer} serves and its limits. A null model path leaves that endpoint off (it answers 404).
 *
 * @param maxConcurrent  API requests handled at once; one more is answered 503 with Retry-After at once, not queued
 * @param maxBodyBytes   largest request body; a larger one is answered 413
 * @param requestTimeout a request not answered within it gets 504
 * @param accessLog      NCSA access log file (appended), or null for none: the only file the server writes
 * @param batchWait      how long the assertion batcher waits for more requests after the first one of a batch
 * @param maxBatch       most assertion requests decoded together; 1 turns dynamic batching off
 */
public record ServeConfig(Path kdModel, Path routeModel, Path scoreModel, String host, int port, int maxConcurrent,
                          long maxBodyBytes, Duration requestTimeout, Path accessLog, Duration batchWait, int maxBatch) {
    public static final int MAX_SUGGESTIONS = 16;

    public ServeConfig {
        if (kdModel == null && routeModel == null && scoreModel == null) {
            throw new BadInputException("give at least one of --kd-model, --route-model, --score-model");
        }
        if (host == null || host.isBlank()) throw new BadInputException("--host must not be empty");
        if (port < 0 || port > 65535) throw new BadInputException("--port must be 0..65535 (0: any free port), got " + port);
        if (maxConcurrent < 1) throw new BadInputException("--max-concurrent must be ≥ 1, got " + maxConcurrent);
        if (maxBodyBytes < 1) throw new BadInputException("--max-body-bytes must be ≥ 1, got " + maxBodyBytes);
        if (requestTimeout.isNegative() || requestTimeout.isZero()) throw new BadInputException("--request-timeout must be positive");
        if (batchWait.isNegative()) throw new BadInputException("--batch-wait must not be negative");
        if (maxBatch < 1) throw new BadInputException("--max-batch must be ≥ 1, got " + maxBatch);
    }

    /** Defaults for everything but the models: 127.0.0.1:8080, 32 at once, 1 MiB bodies, 10 s, 5 ms × 16 batches. */
    public static ServeConfig of(Path kdModel, Path routeModel, Path scoreModel) {
        return new ServeConfig(kdModel, routeModel, scoreModel, "127.0.0.1", 8080, 32, 1 << 20, Duration.ofSeconds(10), null,
                Duration.ofMillis(5), 16);
    }

    public ServeConfig withPort(int value) {
        return new ServeConfig(kdModel, routeModel, scoreModel, host, value, maxConcurrent, maxBodyBytes, requestTimeout, accessLog, batchWait, maxBatch);
    }

    public ServeConfig withLimits(int concurrent, long bodyBytes, Duration timeout) {
        return new ServeConfig(kdModel, routeModel, scoreModel, host, port, concurrent, bodyBytes, timeout, accessLog, batchWait, maxBatch);
    }

    public ServeConfig withBatching(Duration wait, int batch) {
        return new ServeConfig(kdModel, routeModel, scoreModel, host, port, maxConcurrent, maxBodyBytes, requestTimeout, accessLog, wait, batch);
    }

    public ServeConfig withAccessLog(Path file) {
        return new ServeConfig(kdModel, routeModel, scoreModel, host, port, maxConcurrent, maxBodyBytes, requestTimeout, file, batchWait, maxBatch);
    }

    /** Parses "500ms", "10s", "2m" or a bare number of seconds; the option name goes into the error. */
    public static Duration duration(String option, String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            if (t.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            if (t.endsWith("m")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        } catch (NumberFormatException e) {
            throw new BadInputException(option + ": '" + text + "' is not a duration (e.g. 500ms, 10s, 2m)");
        }
    }
}
