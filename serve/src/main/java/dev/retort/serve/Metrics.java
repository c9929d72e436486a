package dev.retort.serve;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters, written in the Prometheus text exposition format (version 0.0.4) by {@link #render}:
 * requests by endpoint and status, errors by cause, request latency and assertion batch-size histograms, and the
 * requests in flight. Endpoint labels come from a fixed set ({@link ApiHandler#endpoint}), so odd paths cannot grow
 * the label space. Thread-safe.
 */
public final class Metrics {
    static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64};

    /** A cumulative histogram with fixed upper bounds. */
    static final class Histogram {
        private final double[] bounds;
        private final LongAdder[] counts;
        private final DoubleAdder sum = new DoubleAdder();
        private final LongAdder count = new LongAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new LongAdder[bounds.length];
            for (int i = 0; i < bounds.length; i++) counts[i] = new LongAdder();
        }

        void observe(double value) {
            for (int i = 0; i < bounds.length; i++) if (value <= bounds[i]) counts[i].increment();
            sum.add(value);
            count.increment();
        }

        void render(StringBuilder out, String name, String labels) {
            String sep = labels.isEmpty() ? "" : labels + ",";
            for (int i = 0; i < bounds.length; i++) {
                out.append(name).append("_bucket{").append(sep).append("le=\"").append(number(bounds[i])).append("\"} ").append(counts[i].sum()).append('\n');
            }
            out.append(name).append("_bucket{").append(sep).append("le=\"+Inf\"} ").append(count.sum()).append('\n');
            String braces = labels.isEmpty() ? "" : "{" + labels + "}";
            out.append(name).append("_sum").append(braces).append(' ').append(number(sum.sum())).append('\n');
            out.append(name).append("_count").append(braces).append(' ').append(count.sum()).append('\n');
        }
    }

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final Histogram batches = new Histogram(BATCH_BUCKETS);
    private final AtomicInteger inFlight = new AtomicInteger();

    void observeRequest(String endpoint, int status, double seconds) {
        requests.computeIfAbsent("endpoint=\"" + endpoint + "\",status=\"" + status + "\"", k -> new LongAdder()).increment();
        latency.computeIfAbsent(endpoint, k -> new Histogram(LATENCY_BUCKETS)).observe(seconds);
    }

    void observeError(String cause) {
        errors.computeIfAbsent(cause, k -> new LongAdder()).increment();
    }

    void observeBatch(int size) {
        batches.observe(size);
    }

    AtomicInteger inFlight() {
        return inFlight;
    }

    /** The Prometheus text exposition of every metric, in a stable order. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP retort_http_requests_total HTTP requests answered, by endpoint and status.\n");
        out.append("# TYPE retort_http_requests_total counter\n");
        new TreeMap<>(requests).forEach((labels, n) -> out.append("retort_http_requests_total{").append(labels).append("} ").append(n.sum()).append('\n'));
        out.append("# HELP retort_http_errors_total Requests answered with an error, by cause.\n");
        out.append("# TYPE retort_http_errors_total counter\n");
        new TreeMap<>(errors).forEach((cause, n) -> out.append("retort_http_errors_total{cause=\"").append(cause).append("\"} ").append(n.sum()).append('\n'));
        out.append("# HELP retort_http_request_duration_seconds Time from request start to answer, by endpoint.\n");
        out.append("# TYPE retort_http_request_duration_seconds histogram\n");
        new TreeMap<>(latency).forEach((endpoint, h) -> h.render(out, "retort_http_request_duration_seconds", "endpoint=\"" + endpoint + "\""));
        out.append("# HELP retort_assertion_batch_size Assertion requests decoded together in one batch.\n");
        out.append("# TYPE retort_assertion_batch_size histogram\n");
        batches.render(out, "retort_assertion_batch_size", "");
        out.append("# HELP retort_http_in_flight API requests being handled now.\n");
        out.append("# TYPE retort_http_in_flight gauge\n");
        out.append("retort_http_in_flight ").append(inFlight.get()).append('\n');
        return out.toString();
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%s", v);
    }
}
