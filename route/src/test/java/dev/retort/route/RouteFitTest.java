package dev.retort.route;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code route fit} service on a slice of the skills Q/A sample with the int8 MiniLM model. */
class RouteFitTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void slice() throws IOException {
        data = Files.write(tmp.resolve("qa.jsonl"), Files.readAllLines(Path.of("..", "data", "skills-qa", "skills_qa.jsonl")).subList(0, 80));
    }

    static RouteFit.Options options(List<RouterKind> adapters, Path embeddingsFrom) {
        return new RouteFit.Options(data, "minilm-q", RouteConfig.defaults().withK(4), 0.2, adapters, 2, embeddingsFrom);
    }

    @Test
    void fitsTheTeacherAndAdaptersOnTheTrainingShareAndWritesTheModelDirectory() {
        Path dir = tmp.resolve("fit");
        RouteFit.Result r = RouteFit.run(options(List.of(RouterKind.ADAPTER), null), dir, List.of("route", "fit"), BadRecords.failFast(), false);

        assertThat(r.run().path()).isEqualTo(dir);
        assertThat(r.pairs()).isEqualTo(80);
        assertThat(r.trainPairs()).isBetween(1, 79);
        assertThat(r.fit().clusters()).isEqualTo(4);
        assertThat(r.adapters()).extracting(RouteModel.AdapterReport::kind).containsExactly(RouterKind.ADAPTER);
        for (String f : List.of("run.json", "route-model.json", "pairs.jsonl", RouteArtifacts.QUESTIONS, RouteArtifacts.ANSWERS,
                "teacher.safetensors", "adapter-adapter.safetensors", "fit-summary.json")) {
            assertThat(dir.resolve(f)).as(f).exists();
        }
        JsonNode summary = Json.readTree(dir.resolve("fit-summary.json"));
        assertThat(summary.path("data").asText()).isEqualTo(data.toString());
        assertThat(summary.path("adapters")).hasSize(1);
        RouteArtifacts.Contents contents = RouteArtifacts.read(dir);
        assertThat(contents.encoder()).isEqualTo("minilm-q");
        assertThat(RouteModel.load(dir)).isNotNull();
    }

    @Test
    void aMatchingCacheIsReusedAndTheSameSeedFitsTheSameSplit() throws IOException {
        Path first = tmp.resolve("first"), second = tmp.resolve("second");
        RouteFit.Result a = RouteFit.run(options(List.of(), null), first, List.of(), BadRecords.failFast(), false);
        RouteFit.Result b = RouteFit.run(options(List.of(), first), second, List.of(), BadRecords.failFast(), false);
        assertThat(b.trainPairs()).isEqualTo(a.trainPairs());
        assertThat(b.adapters()).isEmpty();
        assertThat(Files.readAllBytes(second.resolve(RouteArtifacts.QUESTIONS))).isEqualTo(Files.readAllBytes(first.resolve(RouteArtifacts.QUESTIONS)));
        assertThat(Files.readAllLines(second.resolve("pairs.jsonl"))).isEqualTo(Files.readAllLines(first.resolve("pairs.jsonl")));
    }
}
