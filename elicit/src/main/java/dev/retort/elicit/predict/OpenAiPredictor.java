package dev.retort.elicit.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;
import dev.retort.core.io.Json;
import dev.retort.elicit.claims.Framing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Predictions from an OpenAI-compatible server (vLLM, llama.cpp server, Ollama, OpenAI): one generated token
 * with its top-k logprobs, from /v1/completions (raw few-shot prompt) or /v1/chat/completions (the same text as
 * one user message). JDK HttpClient; at most {@code concurrency} requests in flight whatever the number of calling
 * threads; 429, 5xx, timeouts, connection errors and unparseable bodies are retried with exponential backoff and
 * jitter (honouring Retry-After), then fail with the last error; {@link #retries()} counts the retries by cause. A
 * response without logprobs is a {@link MissingAnswer} (not retried). The API key is sent as a bearer token and is
 * never logged or printed.
 */
public final class OpenAiPredictor implements Predictor {
    /** Which endpoint to call. */
    public enum Endpoint {
        COMPLETIONS("/v1/completions"), CHAT("/v1/chat/completions");

        final String path;

        Endpoint(String path) {
            this.path = path;
        }

        public static Endpoint parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "completions", "completion" -> COMPLETIONS;
                case "chat", "chat-completions" -> CHAT;
                default -> throw new BadInputException("unknown endpoint '" + s + "'; use completions or chat");
            };
        }
    }

    /**
     * @param baseUrl     e.g. http://127.0.0.1:8000 (no /v1)
     * @param apiKey      bearer token, or null for none (read it from an environment variable; never put it in config)
     * @param topLogprobs alternatives to ask for (servers cap it: OpenAI 20, vLLM --max-logprobs)
     * @param maxAttempts tries per prediction, first one included
     */
    public record Settings(String baseUrl, Endpoint endpoint, String model, String apiKey, int topLogprobs,
                           Duration timeout, int concurrency, int maxAttempts, Duration backoff) {
        public Settings {
            if (topLogprobs < 1 || concurrency < 1 || maxAttempts < 1)
                throw new BadInputException("--top-logprobs, --concurrency and --max-attempts must be ≥ 1");
            try {
                URI u = URI.create(baseUrl);
                if (u.getScheme() == null || !u.getScheme().startsWith("http")) throw new IllegalArgumentException();
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--base-url '" + baseUrl + "' is not an http(s) URL, e.g. http://127.0.0.1:8000");
            }
        }

        @Override
        public String toString() { // never show the key
            return "Settings[" + baseUrl + endpoint.path + ", model=" + model + ", key=" + (apiKey == null ? "none" : "***") + "]";
        }
    }

    private final Settings settings;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();

    public OpenAiPredictor(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.inFlight = new Semaphore(settings.concurrency());
    }

    @Override
    public String model() {
        return settings.model();
    }

    @Override
    public Answer predict(Query query) {
        HttpRequest request = request(body(query));
        String last = "";
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            long waitMs = backoffMillis(attempt);
            String cause;
            try {
                HttpResponse<String> r = send(request);
                int code = r.statusCode();
                if (code == 200) return TopLogprobs.parse(Json.MAPPER.readTree(r.body())).answer(query.framing());
                last = "HTTP " + code + ": " + abbreviate(r.body());
                if (code != 429 && code < 500)
                    throw new RetortException(settings.baseUrl() + settings.endpoint().path + " refused the request (" + last
                            + "); check --model, --endpoint and the API key variable");
                cause = code == 429 ? "http_429" : "http_5xx";
                waitMs = Math.max(waitMs, retryAfterMillis(r));
            } catch (TopLogprobs.MalformedResponse e) {
                last = "malformed response: " + e.getMessage();
                cause = "malformed_body";
            } catch (JsonProcessingException e) {
                last = "unparseable response body (" + e.getOriginalMessage() + ")";
                cause = "malformed_body";
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                cause = e instanceof HttpTimeoutException ? "timeout" : "connection";
            }
            if (attempt < settings.maxAttempts()) {
                retries.computeIfAbsent(cause, c -> new LongAdder()).increment();
                sleep(waitMs);
            }
        }
        throw new RetortException("prediction for claim '" + query.target().uid() + "' failed after " + settings.maxAttempts()
                + " attempts against " + settings.baseUrl() + settings.endpoint().path + "; last error: " + last
                + ". Predictions made so far are in the tuple log; rerun with --resume when the server is healthy");
    }

    /** Attempts that failed and were tried again, by cause: http_429, http_5xx, timeout, connection, malformed_body. */
    @Override
    public Map<String, Long> retries() {
        Map<String, Long> out = new TreeMap<>();
        retries.forEach((cause, n) -> out.put(cause, n.sum()));
        return out;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            inFlight.acquire();
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } finally {
                inFlight.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetortException("interrupted while waiting for the server", e);
        }
    }

    String body(Query q) {
        ObjectNode b = Json.object();
        b.put("model", settings.model());
        b.put("max_tokens", 1);
        b.put("temperature", 0.0);
        String prompt = PromptRenderer.render(q);
        if (settings.endpoint() == Endpoint.COMPLETIONS) {
            b.put("prompt", prompt);
            b.put("logprobs", settings.topLogprobs());
        } else {
            ArrayNode messages = b.putArray("messages");
            String words = q.framing() == Framing.POSITIVE ? "True or False" : "Yes or No";
            messages.addObject().put("role", "system").put("content", "Continue the pattern. Answer with one word: " + words + ".");
            messages.addObject().put("role", "user").put("content", prompt);
            b.put("logprobs", true);
            b.put("top_logprobs", settings.topLogprobs());
        }
        return Json.toJson(b);
    }

    private HttpRequest request(String body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(settings.baseUrl().replaceAll("/+$", "") + settings.endpoint().path))
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (settings.apiKey() != null && !settings.apiKey().isEmpty()) r.header("Authorization", "Bearer " + settings.apiKey());
        return r.build();
    }

    private long backoffMillis(int attempt) {
        long base = settings.backoff().toMillis() << Math.min(attempt - 1, 10);
        return base + ThreadLocalRandom.current().nextLong(Math.max(1, base / 2 + 1));
    }

    private static long retryAfterMillis(HttpResponse<String> r) {
        return r.headers().firstValue("Retry-After").map(v -> {
            try {
                return Math.min(60_000L, (long) (Double.parseDouble(v.trim()) * 1000));
            } catch (NumberFormatException e) {
                return 0L;
            }
        }).orElse(0L);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetortException("interrupted during retry backoff", e);
        }
    }

    private static String abbreviate(String s) {
        String t = s == null ? "" : s.replaceAll("\\s+", " ");
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    @Override
    public String toString() {
        return "OpenAiPredictor" + settings;
    }

    @Override
    public void close() {
        http.close();
    }
}
