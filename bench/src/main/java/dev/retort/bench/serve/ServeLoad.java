package dev.retort.bench.serve;


import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.io.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a running {@code retort serve} with C closed-loop clients for S seconds: each client posts the next example
 * of a mined kd JSONL file (its test_method_masked and focal_method, and n suggestions: 1 greedy, more by beam search)
 * to /v1/assertions as soon as its previous answer came back. Prints one JSON line: requests/s, latency p50/p99 (ms),
 * errors (non-200 or failed), and the mean batch size the server reports in /metrics over the run.
 * Usage: ServeLoad URL EXAMPLES.jsonl CLIENTS SECONDS [N];
 * {@code ServeLoad --body EXAMPLES.jsonl} prints the first example's request body instead.
 */
public final class ServeLoad {
    private static final Pattern BATCH = Pattern.compile("(?m)^retort_assertion_batch_size_(sum|count) ([0-9.eE+-]+)$");

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--body")) {
            System.out.println(bodies(Path.of(args[1]), 1).getFirst());
            return;
        }
        URI base = URI.create(args[0]);
        List<String> bodies = bodies(Path.of(args[1]), args.length > 4 ? Integer.parseInt(args[4]) : 1);
        int clients = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        double[] batchBefore = batch(http, base);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong(), next = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) {
                    String body = bodies.get((int) (next.getAndIncrement() % bodies.size()));
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/v1/assertions"))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) errors.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies.add((System.nanoTime() - t0) / 1e6);
                }
            }));
        }
        for (Thread t : threads) t.join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        double[] batchAfter = batch(http, base);
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double meanBatch = (batchAfter[0] - batchBefore[0]) / Math.max(1, batchAfter[1] - batchBefore[1]);
        System.out.println(String.format(Locale.ROOT,
                "{\"n\": %d, \"clients\": %d, \"requests\": %d, \"seconds\": %.1f, \"rps\": %.2f, \"p50_ms\": %.1f, \"p99_ms\": %.1f, \"errors\": %d, \"mean_batch\": %.2f}",
                bodiesN(bodies), clients, sorted.size(), elapsed, sorted.size() / elapsed, quantile(sorted, 0.5), quantile(sorted, 0.99), errors.get(), meanBatch));
    }

    /** Request bodies made from the examples' fields. */
    static List<String> bodies(Path examples, int n) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(examples)) {
            if (line.isBlank()) continue;
            JsonNode e = Json.MAPPER.readTree(line);
            out.add(Json.object().put("test_method_masked", e.get("test_method_masked").asText()).put("focal_method", e.get("focal_method").asText())
                    .put("n", n).toString());
        }
        if (out.isEmpty()) throw new IllegalArgumentException(examples + " has no examples");
        return out;
    }

    static int bodiesN(List<String> bodies) throws java.io.IOException {
        return Json.MAPPER.readTree(bodies.getFirst()).get("n").asInt();
    }

    static double quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) return Double.NaN;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** {sum, count} of the server's batch-size histogram. */
    static double[] batch(HttpClient http, URI base) throws Exception {
        String text = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double[] out = new double[2];
        Matcher m = BATCH.matcher(text);
        while (m.find()) out[m.group(1).equals("sum") ? 0 : 1] = Double.parseDouble(m.group(2));
        return out;
    }
}
