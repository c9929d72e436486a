package dev.retort.serve;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.retort.serve.RetortServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Load behaviour: a request beyond --max-concurrent is turned away at once with 503 and Retry-After, a late answer is a
 * 504 after which the server still answers, concurrent assertion requests share batches and get the answers they
 * would get alone, and a stop finishes the requests in flight. A long --batch-wait holds a request in the server for
 * a known time, so the tests need no timing luck.
 */
class LimitsTest {
    static ServeFixtures.Models models;

    @BeforeAll
    static void models() {
        models = ServeFixtures.models();
    }

    static ServeConfig config() {
        return ServeConfig.of(models.kd(), null, models.score()).withPort(0);
    }

    static JsonNode request(int i) {
        String op = ServeFixtures.OPS[i % 4];
        return Http.assertionRequest(ServeFixtures.test(op, i), ServeFixtures.focal(op, i), 1);
    }

    static void awaitInFlight(RetortServer server, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (server.metrics().inFlight().get() < n && System.currentTimeMillis() < deadline) Thread.sleep(5);
        assertThat(server.metrics().inFlight().get()).as("requests in flight").isEqualTo(n);
    }

    @Test
    void oneRequestOverTheBoundIsTurnedAwayAtOnceWith503AndRetryAfter() throws Exception {
        try (RetortServer server = RetortServer.start(config().withLimits(1, 1 << 20, Duration.ofSeconds(10)).withBatching(Duration.ofMillis(1500), 16))) {
            Http http = Http.to(server);
            CompletableFuture<Http.Answer> slow = CompletableFuture.supplyAsync(() -> http.post("/v1/assertions", request(1)));
            awaitInFlight(server, 1);
            long t0 = System.nanoTime();
            Http.Answer turnedAway = http.post("/v1/score", "{\"rows\": [[1, 2]]}");
            assertThat((System.nanoTime() - t0) / 1e6).as("ms to answer 503: not queued behind the slow one").isLessThan(1000);
            assertError(turnedAway, 503, "--max-concurrent");
            assertThat(turnedAway.response().headers().firstValue("Retry-After")).hasValue("1");
            assertThat(http.get("/health").status()).as("health is not counted against the bound").isEqualTo(200);
            assertThat(slow.get().status()).isEqualTo(200);
            assertThat(http.post("/v1/score", "{\"rows\": [[1, 2]]}").status()).as("served again once the slot is free").isEqualTo(200);
            assertThat(http.get("/metrics").body()).contains("retort_http_errors_total{cause=\"overloaded\"} 1");
        }
    }

    @Test
    void anAnswerLaterThanTheTimeoutIs504AndTheServerStillAnswers() {
        try (RetortServer server = RetortServer.start(config().withLimits(8, 1 << 20, Duration.ofMillis(200)).withBatching(Duration.ofMillis(1000), 16))) {
            Http http = Http.to(server);
            assertError(http.post("/v1/assertions", request(2)), 504, "no answer within 200 ms");
            assertThat(http.post("/v1/score", "{\"rows\": [[1, 2]]}").status()).isEqualTo(200);
            assertThat(http.get("/health").json().get("status").asText()).isEqualTo("ok");
            assertThat(http.get("/metrics").body()).contains("retort_http_errors_total{cause=\"timeout\"} 1",
                    "retort_http_requests_total{endpoint=\"/v1/assertions\",status=\"504\"} 1");
        }
    }

    @Test
    void concurrentAssertionRequestsShareABatchAndGetTheAnswersTheyGetAlone() throws Exception {
        int n = 8;
        List<JsonNode> alone = new ArrayList<>();
        try (RetortServer one = RetortServer.start(config().withBatching(Duration.ZERO, 1))) {
            Http http = Http.to(one);
            for (int i = 0; i < n; i++) alone.add(http.post("/v1/assertions", request(i)).json());
        }
        for (JsonNode a : alone) assertThat(a.get("batch_size").asInt()).isEqualTo(1);
        try (RetortServer batched = RetortServer.start(config().withBatching(Duration.ofMillis(300), 16));
             ExecutorService pool = Executors.newFixedThreadPool(n)) {
            Http http = Http.to(batched);
            List<Future<Http.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                answers.add(pool.submit(() -> http.post("/v1/assertions", request(k))));
            }
            int largest = 0;
            for (int i = 0; i < n; i++) {
                JsonNode a = answers.get(i).get().json();
                largest = Math.max(largest, a.get("batch_size").asInt());
                JsonNode got = a.get("suggestions"), want = alone.get(i).get("suggestions");
                assertThat(got).as("request %d", i).hasSameSizeAs(want);
                for (int s = 0; s < want.size(); s++) {
                    assertThat(got.get(s).get("assertion")).as("request %d", i).isEqualTo(want.get(s).get("assertion"));
                    assertThat(got.get(s).get("source")).isEqualTo(want.get(s).get("source"));
                    assertThat(got.get(s).get("log_prob").asDouble()).as("padding in a batch moves the sum in the last float digits")
                            .isCloseTo(want.get(s).get("log_prob").asDouble(), org.assertj.core.api.Assertions.within(1e-3));
                }
            }
            assertThat(largest).as("requests sent together were decoded together").isGreaterThan(1);
            assertThat(http.get("/metrics").body()).contains("retort_assertion_batch_size_count");
        }
    }

    @Test
    void stoppingFinishesTheRequestsInFlightAndThenRefusesConnections() throws Exception {
        RetortServer server = RetortServer.start(config().withBatching(Duration.ofMillis(1500), 16));
        Http http = Http.to(server);
        CompletableFuture<Http.Answer> inFlight = CompletableFuture.supplyAsync(() -> http.post("/v1/assertions", request(3)));
        awaitInFlight(server, 1);
        server.close();
        Http.Answer answered = inFlight.get();
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        assertThat(answered.json().get("suggestions")).isNotEmpty();
        assertThatThrownBy(() -> http.get("/health")).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(ConnectException.class);
    }
}
