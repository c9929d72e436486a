package dev.retort.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.Engine;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The {@code score apply} service: a saved model scores a labelled and an unlabelled table. */
class ScoreApplyTest {
    /** ŷ = σ(a − b), labelled by column "label". */
    static Path model(Path dir) {
        Path file = dir.resolve("model.json");
        new LogisticModel(List.of("a", "b"), new double[]{0, 0}, new double[]{1, 1}, new double[]{1, -1}, 0, 1e-3, "label").save(file);
        return file;
    }

    static ScoreApply.Result apply(Path dir, Path features) {
        var o = new ScoreApply.Options(model(dir), features);
        RunDirectory run = RunDirectory.create("score-apply", dir.resolve("run"), List.of("score", "apply"), Map.of(), o.inputs());
        return ScoreApply.run(o, run, BadRecords.failFast(), "retort score apply");
    }

    @Test
    void scoresEveryRowAndReportsMetricsAgainstTheLabels(@TempDir Path dir) throws IOException {
        Engine.get();
        Path features = Files.write(dir.resolve("f.csv"), List.of("id,b,a,label", "x,0,2,1", "y,1,0,0", "z,0,0,1", "w,0,1,0"));
        ScoreApply.Result r = apply(dir, features);

        assertThat(r.rows()).isEqualTo(4);
        List<String> scores = Files.readAllLines(dir.resolve("run/scores.csv"));
        assertThat(scores.getFirst()).isEqualTo("id,score");
        assertThat(scores.subList(1, 5)).extracting(l -> l.split(",")[0]).containsExactly("x", "y", "z", "w");
        assertThat(scores.subList(1, 5)).extracting(l -> Double.parseDouble(l.split(",")[1]))
                .containsExactly(LogisticModel.sigmoid(2), LogisticModel.sigmoid(-1), 0.5, LogisticModel.sigmoid(1));
        assertThat(r.metrics().n()).isEqualTo(4);
        assertThat(r.metrics().auroc()).isCloseTo(0.75, within(1e-12));
        JsonNode m = Json.readTree(dir.resolve("run/metrics.json"));
        assertThat(m.path("auroc").asDouble()).isEqualTo(r.metrics().auroc());
        assertThat(Files.readAllLines(dir.resolve("run/risk_coverage.csv"))).hasSize(5).first().isEqualTo("coverage,logistic score");
        assertThat(dir.resolve("run/risk_coverage.png")).isNotEmptyFile();
        assertThat(Files.readString(dir.resolve("run/report.html"))).contains("Metrics", "Risk–coverage", "retort score apply");
    }

    @Test
    void anUnlabelledTableIsScoredWithoutMetrics(@TempDir Path dir) throws IOException {
        Engine.get();
        ScoreApply.Result r = apply(dir, Files.write(dir.resolve("f.csv"), List.of("id,a,b", "x,1,0", "y,0,1")));
        assertThat(r.rows()).isEqualTo(2);
        assertThat(r.metrics()).isNull();
        assertThat(Files.readAllLines(dir.resolve("run/scores.csv"))).hasSize(3);
        assertThat(dir.resolve("run/metrics.json")).doesNotExist();
        assertThat(dir.resolve("run/risk_coverage.csv")).doesNotExist();
        assertThat(Files.readString(dir.resolve("run/report.html"))).doesNotContain("Risk–coverage");
    }
}
