package dev.retort.elicit.predict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.RetortException;
import dev.retort.core.io.Json;
import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.ClaimLoader;
import dev.retort.elicit.claims.Framing;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class OpenAiPredictorTest {
    private static final Claim TARGET = new Claim("t1", "Question: Is water wet?\nClaim: Yes.\n" + ClaimLoader.CUE, null, null, null);
    private static final Claim SHOWN = new Claim("c1", "Question: Is fire cold?\nClaim: No.\n" + ClaimLoader.CUE, null, null, null);
    private static final Predictor.Query POSITIVE = new Predictor.Query(TARGET, List.of(new Predictor.Shown(SHOWN, true)), Framing.POSITIVE);
    private static final Predictor.Query NEGATIVE = new Predictor.Query(TARGET, List.of(new Predictor.Shown(SHOWN, true)), Framing.NEGATIVE);

    static String response(String name) {
        try (InputStream in = OpenAiPredictorTest.class.getResourceAsStream("/elicit/responses/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static OpenAiPredictor client(StubServer s, OpenAiPredictor.Endpoint e, String key, int attempts, int timeoutMs) {
        return new OpenAiPredictor(new OpenAiPredictor.Settings(s.baseUrl(), e, "m", key, 5, Duration.ofMillis(timeoutMs), 2,
                attempts, Duration.ofMillis(5)));
    }

    private static double lse(double... xs) {
        double m = Double.NEGATIVE_INFINITY, s = 0;
        for (double x : xs) m = Math.max(m, x);
        for (double x : xs) s += Math.exp(x - m);
        return m + Math.log(s);
    }

    @Test
    void vllmCompletionsAggregatesTokenVariantsAndSendsTheFewShotPrompt() throws Exception {
        try (StubServer s = new StubServer(List.of(StubServer.Step.ok(response("vllm-completions.json"))));
             OpenAiPredictor p = client(s, OpenAiPredictor.Endpoint.COMPLETIONS, "sk-secret", 1, 2000)) {
            Predictor.Answer a = p.predict(POSITIVE);
            assertThat(a.logpTrue()).isCloseTo(lse(-0.35667494, -3.5065579, -4.1997051), offset(1e-9));
            assertThat(a.logpFalse()).isCloseTo(lse(-1.60943791, -5.2983174), offset(1e-9));
            StubServer.Request r = s.requests.getFirst();
            assertThat(r.path()).isEqualTo("/v1/completions");
            assertThat(r.authorization()).isEqualTo("Bearer sk-secret");
            JsonNode body = Json.MAPPER.readTree(r.body());
            assertThat(body.get("logprobs").asInt()).isEqualTo(5);
            assertThat(body.get("max_tokens").asInt()).isEqualTo(1);
            assertThat(body.get("prompt").asText()).isEqualTo(
                    "Question: Is fire cold?\nClaim: No.\nI think this claim is True\n\nQuestion: Is water wet?\nClaim: Yes.\nI think this claim is ");
            assertThat(p.toString()).doesNotContain("sk-secret");
        }
    }

    @Test
    void chatShapesOfVllmLlamaCppAndOllama() {
        try (StubServer s = new StubServer(List.of(StubServer.Step.ok(response("vllm-chat.json")), StubServer.Step.ok(response("llamacpp-chat.json")),
                StubServer.Step.ok(response("ollama-chat.json"))));
             OpenAiPredictor p = client(s, OpenAiPredictor.Endpoint.CHAT, null, 1, 2000)) {
            Predictor.Answer vllm = p.predict(POSITIVE);
            assertThat(vllm.logpFalse()).isCloseTo(lse(-0.22314355, -3.91202301), offset(1e-9));
            assertThat(vllm.logpTrue()).isCloseTo(-1.89711998, offset(1e-9));
            Predictor.Answer llama = p.predict(POSITIVE);   // "▁True" and "True" are one answer
            assertThat(llama.logpTrue()).isCloseTo(lse(-0.6931472, -3.2188758), offset(1e-9));
            assertThat(llama.logpFalse()).isCloseTo(-0.9162907, offset(1e-9));
            Predictor.Answer ollama = p.predict(NEGATIVE);  // negative framing: "Yes" means the claim is false
            assertThat(ollama.logpFalse()).isCloseTo(lse(-0.10536052, -4.60517019), offset(1e-9));
            assertThat(ollama.logpTrue()).isCloseTo(-2.40794561, offset(1e-9));
            assertThat(s.requests.getFirst().path()).isEqualTo("/v1/chat/completions");
            assertThat(s.requests.getFirst().authorization()).isNull();
            assertThat(s.requests.get(2).body()).contains("Is this claim false? Answer: ");
        }
    }

    @Test
    void answerMissingFromTopKGetsTheLeftoverMassNotMinus1000() {
        try (StubServer s = new StubServer(List.of(StubServer.Step.ok(response("top-k-without-answer.json"))));
             OpenAiPredictor p = client(s, OpenAiPredictor.Endpoint.COMPLETIONS, null, 1, 2000)) {
            Predictor.Answer a = p.predict(POSITIVE);
            assertThat(a.logpTrue()).isCloseTo(-2.6, offset(1e-12));
            assertThat(a.logpFalse()).isCloseTo(Math.log(1 - Math.exp(-0.1) - Math.exp(-2.6)), offset(1e-9)).isGreaterThan(-10);
        }
    }

    @Test
    void retriesThrough429And500TimeoutAndTruncatedJson() {
        String good = response("vllm-completions.json");
        try (StubServer s = new StubServer(List.of(new StubServer.Step(429, "{\"error\":\"slow down\"}", 0, "0.01"), StubServer.Step.status(500),
                new StubServer.Step(200, good, 1500, null), StubServer.Step.ok(good.substring(0, good.length() / 2)), StubServer.Step.ok(good)));
             OpenAiPredictor p = client(s, OpenAiPredictor.Endpoint.COMPLETIONS, null, 6, 400)) {
            Predictor.Answer a = p.predict(POSITIVE);
            assertThat(a.logpTrue()).isCloseTo(lse(-0.35667494, -3.5065579, -4.1997051), offset(1e-9));
            assertThat(s.requests).hasSize(5);
            assertThat(p.retries()).containsExactlyInAnyOrderEntriesOf(
                    java.util.Map.of("http_429", 1L, "http_5xx", 1L, "timeout", 1L, "malformed_body", 1L));
        }
    }

    @Test
    void failsWithAClearErrorAfterTheLastAttempt() {
        try (StubServer s = new StubServer(List.of(StubServer.Step.status(503)));
             OpenAiPredictor p = client(s, OpenAiPredictor.Endpoint.COMPLETIONS, "sk-secret", 3, 2000)) {
            assertThatThrownBy(() -> p.predict(POSITIVE)).isInstanceOf(RetortException.class)
                    .hasMessageContaining("failed after 3 attempts").hasMessageContaining("HTTP 503").hasMessageContaining("--resume")
                    .message().doesNotContain("sk-secret");
            assertThat(s.requests).hasSize(3);
        }
    }

    @Test
    void missingLogprobsAndClientErrorsAreNotRetried() {
        try (StubServer s = new StubServer(List.of(StubServer.Step.ok(response("vllm-no-logprobs.json"))));
             OpenAiPredictor p = client(s, OpenAiPredictor.Endpoint.COMPLETIONS, null, 5, 2000)) {
            assertThatThrownBy(() -> p.predict(POSITIVE)).isInstanceOf(Predictor.MissingAnswer.class).hasMessageContaining("no logprobs");
            assertThat(s.requests).hasSize(1);
            assertThat(p.retries()).isEmpty();
        }
        try (StubServer s = new StubServer(List.of(StubServer.Step.status(401)));
             OpenAiPredictor p = client(s, OpenAiPredictor.Endpoint.COMPLETIONS, null, 5, 2000)) {
            assertThatThrownBy(() -> p.predict(POSITIVE)).hasMessageContaining("refused the request").hasMessageContaining("401");
            assertThat(s.requests).hasSize(1);
        }
    }

    @Test
    void concurrencyIsBoundedWhateverTheNumberOfCallers() throws Exception {
        String good = response("vllm-completions.json");
        try (StubServer s = new StubServer(List.of(new StubServer.Step(200, good, 100, null)));
             OpenAiPredictor p = client(s, OpenAiPredictor.Endpoint.COMPLETIONS, null, 1, 5000);
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            long t0 = System.nanoTime();
            List<Future<Predictor.Answer>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) fs.add(callers.submit(() -> p.predict(POSITIVE)));
            for (Future<Predictor.Answer> f : fs) assertThat(f.get().logpTrue()).isFinite();
            // 8 calls of 100 ms with at most 2 in flight take ≥ 4 rounds
            assertThat((System.nanoTime() - t0) / 1e6).isGreaterThanOrEqualTo(390);
        }
    }
}
