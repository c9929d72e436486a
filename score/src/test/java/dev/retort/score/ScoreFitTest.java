package dev.retort.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code score fit} service: a held-out fit with its baselines, and every file of the run. */
class ScoreFitTest {
    /** 200 rows: the label follows a − b/2 plus noise; c is noise; a is the best single feature. */
    static Path features(Path dir) throws IOException {
        Random r = new Random(1);
        List<String> lines = new ArrayList<>(List.of("id,a,b,c,label"));
        for (int i = 0; i < 200; i++) {
            double a = r.nextGaussian(), b = r.nextGaussian(), c = r.nextGaussian();
            lines.add("r" + i + "," + a + "," + b + "," + c + "," + (a - 0.5 * b + r.nextGaussian() > 0 ? 1 : 0));
        }
        return Files.write(dir.resolve("features.csv"), lines);
    }

    static ScoreFit.Options options(Path features, String label, double holdout) {
        return new ScoreFit.Options(features, label, List.of(), 1e-3, 200, holdout);
    }

    @Test
    void fitsOnTheTrainingShareAndComparesOnTheHeldOutRows(@TempDir Path dir) throws IOException {
        ScoreFit.Options o = options(features(dir), "label", 0.3);
        RunDirectory run = RunDirectory.create("score-fit", dir.resolve("run"), List.of("score", "fit"), o.config(), List.of(o.features()));
        ScoreFit.Result r = ScoreFit.run(o, run, BadRecords.failFast(), List.of("score", "fit"));

        assertThat(r.model().features()).containsExactly("a", "b", "c");
        assertThat(r.trainRows()).isEqualTo(140);
        assertThat(r.converged()).isTrue();
        assertThat(LogisticModel.load(run.file("model.json")).weights()).containsExactly(r.model().weights());
        JsonNode m = Json.readTree(run.file("metrics.json"));
        assertThat(m.path("heldout").path("n").asInt()).isEqualTo(60);
        assertThat(m.path("heldout").path("auroc").asDouble()).isGreaterThan(m.path("baseline").path("auroc").asDouble());
        assertThat(m.path("baseline").path("feature").asText()).isEqualTo("a");
        assertThat(m.path("iterations").asInt()).isEqualTo(r.iterations());
        for (String f : List.of("report.html", "metrics.csv", "risk_coverage.png", "risk_coverage.csv", "loss_curve.png", "entropy_curve.png")) {
            assertThat(run.file(f)).as(f).exists();
        }
        assertThat(Files.readString(run.file("report.html"))).contains("held-out rows").contains("score fit");
    }

    @Test
    void withoutAHoldoutItEvaluatesOnTheTrainingRows(@TempDir Path dir) throws IOException {
        ScoreFit.Options o = options(features(dir), "label", 0);
        RunDirectory run = RunDirectory.create("score-fit", dir.resolve("run"), List.of(), Map.of(), List.of());
        ScoreFit.Result r = ScoreFit.run(o, run, BadRecords.failFast(), List.of());
        assertThat(r.trainRows()).isEqualTo(200);
        JsonNode m = Json.readTree(run.file("metrics.json"));
        assertThat(m.has("heldout")).isFalse();
        assertThat(Files.readString(run.file("report.html"))).contains("TRAINING rows");
    }

    @Test
    void aMissingLabelColumnIsAnInputError(@TempDir Path dir) throws IOException {
        ScoreFit.Options o = options(features(dir), "nolabel", 0.3);
        RunDirectory run = RunDirectory.create("score-fit", dir.resolve("run"), List.of(), Map.of(), List.of());
        assertThatThrownBy(() -> ScoreFit.run(o, run, BadRecords.failFast(), List.of()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no label column 'nolabel'");
    }
}
