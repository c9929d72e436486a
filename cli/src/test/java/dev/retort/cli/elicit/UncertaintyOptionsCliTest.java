package dev.retort.cli.elicit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static dev.retort.cli.elicit.ElicitReliabilityTest.retort;
import static org.assertj.core.api.Assertions.assertThat;

/** The #18 seed options from the command line: regrouping, uncertainty-driven budgets, evidence weights. */
class UncertaintyOptionsCliTest {

    @Test
    void badValuesAreBadInputNamingTheOption(@TempDir Path dir) throws IOException {
        Path claims = ElicitReliabilityTest.claims(dir);
        var adaptive = retort("elicit", "collect", "--claims", claims.toString(), "--embedder", "hashing", "--adaptive-by", "most",
                "--output-dir", dir.resolve("a").toString());
        assertThat(adaptive.exit()).as(adaptive.err()).isEqualTo(2);
        assertThat(adaptive.err()).contains("--adaptive-by").contains("nearest-half or uncertainty");
        var regroup = retort("elicit", "collect", "--claims", claims.toString(), "--embedder", "hashing", "--regroup-budget", "-1",
                "--output-dir", dir.resolve("r").toString());
        assertThat(regroup.exit()).as(regroup.err()).isEqualTo(2);
        assertThat(regroup.err()).contains("--regroup-budget");
        var evidence = retort("elicit", "optimize", "--claims", claims.toString(), "--tuples", dir.resolve("none.jsonl").toString(),
                "--epistemic-weight", "-0.5", "--output-dir", dir.resolve("o").toString());
        assertThat(evidence.exit()).as(evidence.err()).isEqualTo(2);
        assertThat(evidence.err()).contains("--epistemic-weight");
    }

    @Test
    void collectWithBothRoundsThenOptimizeWithEvidenceWeights(@TempDir Path dir) throws IOException {
        Path claims = ElicitReliabilityTest.claims(dir);
        Path run = dir.resolve("run");
        var collect = retort("elicit", "collect", "--claims", claims.toString(), "--embedder", "hashing", "--group-size", "3", "--anchors", "0",
                "--context", "2", "--budget", "6", "--regroup-budget", "3", "--adaptive-by", "uncertainty", "--adaptive-fraction", "0.5",
                "--seed", "3", "-q", "--output-dir", run.toString());
        assertThat(collect.exit()).as(collect.out() + collect.err()).isZero();
        JsonNode c = Json.readTree(run.resolve("collect.json"));
        assertThat(c.path("planned_by_round").path("regroup").asInt()).isEqualTo(3 * c.path("groups").asInt());
        assertThat(c.path("planned_by_round").path("adaptive").asInt()).isEqualTo(3);   // ⌈0.5·2⌉ groups × 0.5·6
        assertThat(Json.readTree(run.resolve("plan.json")).path("adaptiveBy").asText()).isEqualTo("UNCERTAINTY");

        var optimize = retort("elicit", "optimize", "--claims", run.resolve("claims.jsonl").toString(), "--tuples", run.resolve("tuples.jsonl").toString(),
                "--epistemic-weight", "2", "--aleatoric-weight", "1", "-q", "--output-dir", dir.resolve("opt").toString());
        assertThat(optimize.exit()).as(optimize.out() + optimize.err()).isZero();
        JsonNode m = Json.readTree(dir.resolve("opt").resolve("metrics.json"));
        assertThat(m.path("evidence").path("epistemic").asDouble()).isEqualTo(2.0);
        assertThat(m.path("evidence").path("aleatoric").asDouble()).isEqualTo(1.0);
        assertThat(m.path("mean_epistemic").asDouble()).isBetween(0.0, 1.0);
        assertThat(m.path("mean_aleatoric").asDouble()).isPositive();
    }
}
