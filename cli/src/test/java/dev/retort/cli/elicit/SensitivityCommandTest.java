package dev.retort.cli.elicit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.retort.cli.elicit.ElicitReliabilityTest.retort;
import static org.assertj.core.api.Assertions.assertThat;

/** collect --flip-pairs makes pairs; elicit sensitivity reports them, and says so when a log has none. */
class SensitivityCommandTest {
    @Test
    void flipPairsFromCollectAreMeasuredBySensitivity(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++)
            lines.add("{\"uid\":\"u" + i + "\",\"prompt\":\"Claim " + i + ": the " + (i % 2 == 0 ? "river" : "mountain") + " is " + i + " miles long\",\"label\":" + (i % 2 == 0) + "}");
        Path claims = Files.write(dir.resolve("claims.jsonl"), lines);
        for (int flips : new int[]{0, 2}) {
            Path run = dir.resolve("run" + flips);
            ElicitReliabilityTest.Run c = retort("elicit", "collect", "--claims", claims.toString(), "--embedder", "hashing", "--group-size", "4",
                    "--budget", "6", "--context", "3", "--flip-pairs", String.valueOf(flips), "--quiet", "--output-dir", run.toString());
            assertThat(c.exit()).as(c.out() + c.err()).isZero();
            ElicitReliabilityTest.Run s = retort("elicit", "sensitivity", "--claims", claims.toString(), "--tuples", run.resolve("tuples.jsonl").toString(),
                    "--min-confidence", "0.5", "--output-dir", dir.resolve("sens" + flips).toString());
            assertThat(s.exit()).as(s.out() + s.err()).isZero();
            JsonNode m = Json.readTree(dir.resolve("sens" + flips).resolve("sensitivity.json"));
            if (flips == 0) {
                assertThat(s.out()).contains("no pairs");
                assertThat(m.get("pairs_found").asInt()).isZero();
            } else {
                assertThat(m.get("pairs_found").asInt()).isEqualTo(flips * 3);             // 12 claims in groups of 4
                assertThat(m.get("mean_abs_change").asDouble()).isPositive();
                assertThat(s.out()).contains("flip sensitivity: mean |Δ log-odds|");
                assertThat(Files.readAllLines(dir.resolve("sens" + flips).resolve("sensitivity.csv")).getFirst()).isEqualTo("uid,pairs,mean_abs_change");
            }
        }
        ElicitReliabilityTest.Run bad = retort("elicit", "sensitivity", "--claims", claims.toString(), "--tuples",
                dir.resolve("run2/tuples.jsonl").toString(), "--min-confidence", "1.5", "--output-dir", dir.resolve("bad").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--min-confidence");
    }
}
