package dev.retort.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server's one Jetty handler: routes a request, enforces the limits of {@link ServeConfig} on the API endpoints
 * (a permit per request or 503, the body size or 413, the timeout or 504), turns every failure into a JSON error, and
 * records each answer in {@link Metrics}. Blocking: Jetty runs it on a pooled thread.
 */
final class ApiHandler extends Handler.Abstract {
    private static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final ServeConfig config;
    private final Endpoints endpoints;
    private final Metrics metrics;
    private final StaticPages pages = new StaticPages();
    private final Semaphore permits;

    ApiHandler(ServeConfig config, Endpoints endpoints, Metrics metrics) {
        this.config = config;
        this.endpoints = endpoints;
        this.metrics = metrics;
        this.permits = new Semaphore(config.maxConcurrent());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String path = request.getHttpURI().getPath();
        Reply reply;
        try {
            reply = dispatch(request, path == null ? "" : path, start);
        } catch (ApiException e) {
            reply = Reply.error(e);
        } catch (RuntimeException e) {
            reply = Reply.error(new ApiException(500, "internal", "internal error: " + e));
        }
        if (reply.errorCause() != null) metrics.observeError(reply.errorCause());
        metrics.observeRequest(endpoint(path), reply.status(), (System.nanoTime() - start) / 1e9);
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        reply.headers().forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
        return true;
    }

    /** The metrics label of a path: one of the known endpoints, or "other". */
    static String endpoint(String path) {
        return switch (path == null ? "" : path) {
            case "/", "/index.html", "/app.js", "/health", "/metrics", Endpoints.ASSERTIONS, Endpoints.ROUTE, Endpoints.SCORE -> path;
            default -> "other";
        };
    }

    private Reply dispatch(Request request, String path, long start) {
        return switch (path) {
            case "/", "/index.html" -> method(request, "GET", pages::index);
            case "/app.js" -> method(request, "GET", pages::script);
            case "/health" -> method(request, "GET", () -> Reply.json(endpoints.health(metrics.inFlight().get())));
            case "/metrics" -> method(request, "GET", () -> Reply.text(METRICS_TYPE, metrics.render()));
            case Endpoints.ASSERTIONS, Endpoints.ROUTE, Endpoints.SCORE -> method(request, "POST", () -> api(request, path, start));
            default -> throw new ApiException(404, "not_found", "no endpoint " + path + "; GET / lists them");
        };
    }

    private static Reply method(Request request, String allowed, java.util.function.Supplier<Reply> answer) {
        if (!allowed.equals(request.getMethod())) {
            throw new ApiException(405, "method_not_allowed", request.getMethod() + " is not allowed here; use " + allowed, Map.of("Allow", allowed));
        }
        return answer.get();
    }

    /** An API call: a permit, the body, the endpoint's answer within the timeout. */
    private Reply api(Request request, String path, long start) {
        endpoints.requireLoaded(path);
        if (!permits.tryAcquire()) throw ApiException.overloaded(config.maxConcurrent());
        metrics.inFlight().incrementAndGet();
        try {
            JsonBody body = JsonBody.parse(readBody(request));
            ObjectNode answer = await(endpoints.start(path, body), start);
            return Reply.json(answer.put("ms", Math.round((System.nanoTime() - start) / 1e4) / 100.0));
        } finally {
            metrics.inFlight().decrementAndGet();
            permits.release();
        }
    }

    private byte[] readBody(Request request) {
        long max = config.maxBodyBytes();
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > max) throw tooLarge(declared + " bytes");
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
            if (body.length > max) throw tooLarge("more than " + max + " bytes");
            return body;
        } catch (IOException e) {
            throw new ApiException(400, "bad_body", "could not read the request body: " + e.getMessage());
        }
    }

    private ApiException tooLarge(String size) {
        return new ApiException(413, "too_large", "body of " + size + " is over the limit of " + config.maxBodyBytes() + " bytes (--max-body-bytes)");
    }

    private ObjectNode await(CompletableFuture<ObjectNode> work, long start) {
        long left = config.requestTimeout().toNanos() - (System.nanoTime() - start);
        try {
            return work.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            work.cancel(false);
            throw new ApiException(504, "timeout", "no answer within " + config.requestTimeout().toMillis() + " ms (--request-timeout)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) throw api;
            if (e.getCause() instanceof IllegalStateException s && "shutting down".equals(s.getMessage())) {
                throw new ApiException(503, "shutting_down", "the server is shutting down", Map.of("Retry-After", "1"));
            }
            throw new ApiException(500, "internal", "internal error: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "shutting_down", "the server is shutting down", Map.of("Retry-After", "1"));
        }
    }
}
