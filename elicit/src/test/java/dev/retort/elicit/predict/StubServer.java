package dev.retort.elicit.predict;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server (127.0.0.1, ephemeral port, 4 handler threads) that replays scripted responses in
 * order — status, body, delay, headers — and records each request it got. When the script runs out it repeats
 * the last step.
 */
final class StubServer implements AutoCloseable {
    record Step(int status, String body, long delayMs, String retryAfter) {
        static Step ok(String body) {
            return new Step(200, body, 0, null);
        }

        static Step status(int code) {
            return new Step(code, "{\"error\":{\"message\":\"stub says " + code + "\"}}", 0, null);
        }
    }

    record Request(String path, String body, String authorization) {
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ConcurrentLinkedQueue<Step> script;
    private volatile Step last;
    final List<Request> requests = new CopyOnWriteArrayList<>();

    StubServer(List<Step> steps) {
        script = new ConcurrentLinkedQueue<>(steps);
        last = steps.getLast();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(pool);
        server.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                requests.add(new Request(ex.getRequestURI().getPath(), new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        ex.getRequestHeaders().getFirst("Authorization")));
            }
            Step s = script.poll();
            if (s == null) s = last;
            try {
                Thread.sleep(s.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = s.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            if (s.retryAfter() != null) ex.getResponseHeaders().add("Retry-After", s.retryAfter());
            try {
                ex.sendResponseHeaders(s.status(), body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            } catch (IOException clientGone) {
                ex.close();
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
