package dev.retort.core.run;

import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvenanceTest {
    @Test
    void aModelDirectoryCarriesItsRunsProvenanceAfterItIsCopiedAway(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("train.jsonl"), "{\"x\":1}\n");
        RunDirectory run = RunDirectory.create("kd", dir.resolve("run"), List.of("kd", "train-teacher", "--lr", "3e-4"),
                Map.of("options", Map.of("lr", 3e-4)), List.of(data));
        Path model = Files.createDirectories(run.file("best"));
        Provenance.writeInto(model, run.path());

        Path copy = Files.createDirectories(dir.resolve("elsewhere/model"));
        Files.copy(model.resolve(Provenance.FILE), copy.resolve(Provenance.FILE));
        Path found = Provenance.find(copy).orElseThrow();
        assertThat(found).isEqualTo(copy.resolve(Provenance.FILE));
        var json = Json.readTree(found);
        assertThat(json.path("inputs").path(data.toString()).asText()).startsWith("sha256:").hasSize(7 + 64);
        assertThat(String.join("\n", Provenance.describe(json)))
                .contains("retort kd train-teacher --lr 3e-4")
                .contains(json.path("inputs").path(data.toString()).asText())
                .contains("seed:");
    }

    @Test
    void aModelFileInARunDirectoryIsDescribedByTheRunJsonBesideIt(@TempDir Path dir) throws Exception {
        RunDirectory run = RunDirectory.create("score", dir, List.of("score", "fit"), Map.of(), List.of());
        Path model = Files.writeString(run.file("model.json"), "{}");
        assertThat(Provenance.find(model)).contains(run.file(RunDirectory.RUN_JSON));
        Path loose = Files.writeString(Files.createDirectories(dir.resolve("loose")).resolve("m.json"), "{}");
        assertThat(Provenance.find(loose)).isEmpty();
        assertThatThrownBy(() -> Provenance.find(dir.resolve("missing"))).isInstanceOf(BadInputException.class).hasMessageContaining("missing");
    }
}
