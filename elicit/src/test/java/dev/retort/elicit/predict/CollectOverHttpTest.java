package dev.retort.elicit.predict;

import dev.retort.core.Rng;
import dev.retort.core.io.BadRecords;
import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.TupleLog;
import dev.retort.elicit.collect.CollectOptions;
import dev.retort.elicit.collect.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The collector against a loopback server whose first answers come without logprobs. */
class CollectOverHttpTest {
    private static final ClaimSet CLAIMS = claims();

    private static ClaimSet claims() {
        List<Claim> cs = new ArrayList<>();
        for (int i = 0; i < 6; i++) cs.add(new Claim("u" + i, "Question: q" + i + "?\nClaim: answer " + i + ".\nI think this claim is ", null, null, null));
        return new ClaimSet(cs, false);
    }

    /** Sequential, so the server's script meets the plan in order: zero-shot u0 (both framings), u1, …, then 2 groups × 2. */
    private static CollectOptions options(int maxMissing) {
        return new CollectOptions(3, 0, 2, 2, 0, 0, true, true, maxMissing, 0, 0, CollectOptions.Adaptive.NEAREST_HALF);
    }

    private static StubServer serverMissingFirst(int missing) {
        List<StubServer.Step> steps = new ArrayList<>();
        for (int i = 0; i < missing; i++) steps.add(StubServer.Step.ok(OpenAiPredictorTest.response("vllm-no-logprobs.json")));
        steps.add(StubServer.Step.ok(OpenAiPredictorTest.response("vllm-completions.json")));
        return new StubServer(steps);
    }

    private static OpenAiPredictor client(StubServer s) {
        return new OpenAiPredictor(new OpenAiPredictor.Settings(s.baseUrl(), OpenAiPredictor.Endpoint.COMPLETIONS, "m", null, 5,
                Duration.ofSeconds(5), 1, 2, Duration.ofMillis(5)));
    }

    @Test
    void answersWithoutLogprobsAreSkippedAndCountedByClaim(@TempDir Path dir) {
        HashingEmbedder emb = new HashingEmbedder(64);
        try (StubServer s = serverMissingFirst(3); OpenAiPredictor p = client(s)) {
            Collector.Summary sum = new Collector(CLAIMS, p, options(3), new Rng(1), n -> { }).collect(emb, dir.resolve("t.jsonl"));
            assertThat(sum.missing()).isEqualTo(Map.of("u0", 2, "u1", 1));
            assertThat(sum.missingCount()).isEqualTo(3);
            assertThat(sum.asked()).isEqualTo(sum.planned() - 3);
            assertThat(TupleLog.read(dir.resolve("t.jsonl"), BadRecords.failFast())).hasSize(sum.planned() - 3);
            assertThat(s.requests).hasSize(sum.planned());                 // none retried
        }
    }

    @Test
    void moreMissingAnswersThanTheBoundStopTheRun(@TempDir Path dir) {
        HashingEmbedder emb = new HashingEmbedder(64);
        try (StubServer s = serverMissingFirst(3); OpenAiPredictor p = client(s)) {
            assertThatThrownBy(() -> new Collector(CLAIMS, p, options(2), new Rng(1), n -> { }).collect(emb, dir.resolve("t.jsonl")))
                    .hasMessageContaining("3 answers had no logprobs, more than --max-missing 2").hasMessageContaining("claim 'u1'");
        }
    }
}
