package dev.retort.cli.elicit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.retort.cli.Main;
import dev.retort.core.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** elicit commands end to end: no silent chance-level results, counted retries, resumes that refuse a changed plan. */
class ElicitReliabilityTest {
    /** A vLLM /v1/completions answer: " True" at p ≈ 0.7. */
    static final String ANSWER = "{\"choices\":[{\"index\":0,\"text\":\" True\",\"logprobs\":{\"tokens\":[\" True\"],"
            + "\"top_logprobs\":[{\" True\":-0.35667494,\" False\":-1.60943791}]}}]}";

    record Run(int exit, String out, String err) {
    }

    static Run retort(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    static Path claims(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++)
            lines.add("{\"uid\":\"u" + i + "\",\"prompt\":\"Claim number " + i + "\",\"label\":" + (i % 2 == 0) + ",\"consistency_id\":\"g" + (i / 2) + "\"}");
        return Files.write(dir.resolve("claims.jsonl"), lines);
    }

    @Test
    void zeroUsableTuplesIsABadInputInOptimizeSearchAndEvaluate(@TempDir Path dir) throws IOException {
        Path claims = claims(dir);
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"target_uid\":\"u0\"}\n");
        for (String command : List.of("optimize", "search", "evaluate")) {
            Run r = retort("elicit", command, "--claims", claims.toString(), "--tuples", empty.toString(), "--output-dir", dir.resolve(command).toString());
            assertThat(r.exit()).as(command + ": " + r.out() + r.err()).isEqualTo(2);
            assertThat(r.err()).contains("empty.jsonl").contains("no usable prediction tuples");
            Run skipped = retort("elicit", command, "--claims", claims.toString(), "--tuples", bad.toString(), "--skip-bad-records",
                    "--output-dir", dir.resolve(command + "-skip").toString());
            assertThat(skipped.exit()).as(command + ": " + skipped.out() + skipped.err()).isEqualTo(2);
            assertThat(skipped.err()).contains("bad.jsonl").contains("1 records were bad");
        }
    }

    @Test
    void optimizeSaysWhetherItConverged(@TempDir Path dir) throws IOException {
        Path claims = claims(dir);
        List<String> tuples = new ArrayList<>();
        for (int i = 0; i < 6; i++)
            tuples.add("{\"uid\":\"u" + i + "\",\"context_uids\":[\"u" + (i + 1) % 6 + "\"],\"llm_pred_diff\":" + (i % 2 == 0 ? 1.5 : -1.5) + "}");
        Path t = Files.write(dir.resolve("nb.jsonl"), tuples);
        Run capped = retort("elicit", "optimize", "--claims", claims.toString(), "--tuples", t.toString(), "--max-iterations", "1",
                "--output-dir", dir.resolve("capped").toString());
        assertThat(capped.exit()).as(capped.err()).isZero();
        assertThat(capped.out()).contains("stopped at the iteration cap (--max-iterations 1)");
        JsonNode m = Json.readTree(dir.resolve("capped/metrics.json"));
        assertThat(m.get("converged").asBoolean()).isFalse();
        assertThat(m.get("stopped_by").asText()).isEqualTo("iteration cap");
        assertThat(m.get("accuracy/optimized_lbfgs").asDouble()).isEqualTo(1.0);     // the notebook tuples' log-odds carry the labels

        Run full = retort("elicit", "optimize", "--claims", claims.toString(), "--tuples", t.toString(), "--output-dir", dir.resolve("full").toString());
        assertThat(full.out()).contains(", converged");
        assertThat(Json.readTree(dir.resolve("full/metrics.json")).get("converged").asBoolean()).isTrue();
    }

    @Test
    void collectCountsRetriesByCauseAndResumeRefusesAChangedPlan(@TempDir Path dir) throws IOException {
        Path claims = claims(dir);
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            int n = calls.incrementAndGet();
            boolean busy = n == 1 || n == 3, broken = n == 5;           // two 429s and a 503, each on a different question's first try
            byte[] body = (busy ? "{\"error\":\"slow down\"}" : broken ? "{\"error\":\"down\"}" : ANSWER).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(busy ? 429 : broken ? 503 : 200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Path run = dir.resolve("run");
            List<String> args = List.of("elicit", "collect", "--claims", claims.toString(), "--predictor", "openai", "--base-url", url,
                    "--model", "m", "--embedder", "hashing", "--group-size", "3", "--budget", "2", "--context", "2", "--anchors", "0",
                    "--adaptive-factor", "0", "--concurrency", "1", "--sequential", "--output-dir", run.toString());
            Run r = retort(args.toArray(String[]::new));
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            JsonNode collect = Json.readTree(run.resolve("collect.json"));
            assertThat(collect.get("retries").get("http_429").asInt()).isEqualTo(2);
            assertThat(collect.get("retries").get("http_5xx").asInt()).isEqualTo(1);
            assertThat(collect.get("missing_logprobs").asInt()).isZero();
            assertThat(Files.readString(run.resolve("report.html"))).contains("http_429");
            assertThat(r.out()).contains("retried requests by cause");

            List<String> changed = new ArrayList<>(args);
            changed.addAll(List.of("--resume", "--seed", "7"));
            Run refused = retort(changed.toArray(String[]::new));
            assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(2);
            assertThat(refused.err()).contains("seed: 42 → 7").contains("--force");
            changed.add("--force");
            assertThat(retort(changed.toArray(String[]::new)).exit()).isZero();
            List<String> same = new ArrayList<>(args);
            same.add("--resume");
            Run resumed = retort(same.toArray(String[]::new));
            assertThat(resumed.exit()).as(resumed.err()).isZero();
        } finally {
            server.stop(0);
        }
    }
}
