package dev.retort.text.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;
import dev.retort.core.run.RunDirectory;
import dev.retort.text.embed.EmbeddingModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code quickstart} service on a slice of the skills Q/A sample with the int8 MiniLM model. */
class QuickstartTest {
    static final String QUERY = "How can I pull structured records out of Markdown files as JSON?";

    @Test
    void indexesTheAnswersAnswersTheQueriesAndMeasuresRetrieval(@TempDir Path dir) throws IOException {
        Path data = Files.write(dir.resolve("qa.jsonl"), Files.readAllLines(Path.of("..", "data", "skills-qa", "skills_qa.jsonl")).subList(0, 60));
        var o = new Quickstart.Options(data, EmbeddingModel.MINILM_Q, VectorIndex.Kind.EXACT, List.of(QUERY), 1);
        RunDirectory run = RunDirectory.create("quickstart", dir.resolve("run"), List.of("quickstart"), o.config(), List.of(data));
        Quickstart.Result r = Quickstart.run(o, run);

        assertThat(r.records()).isEqualTo(60);
        assertThat(r.answers()).isBetween(1, 60);
        assertThat(r.queryHits()).hasSize(1);
        assertThat(r.queryHits().getFirst()).hasSize(Quickstart.K);
        assertThat(r.queryHits().getFirst().getFirst().metadata().get("answer").toString()).containsIgnoringCase("extract_records");
        assertThat(r.ownAnswer().questions()).isEqualTo(60);
        assertThat(r.ownCluster().recallAtK()).isGreaterThanOrEqualTo(r.ownAnswer().recallAtK()).isGreaterThan(0.5);
        JsonNode summary = Json.readTree(run.file("summary.json"));
        assertThat(summary.path("question_to_own_answer").path("questions").asInt()).isEqualTo(60);
        assertThat(Json.readTree(run.file("hits.json")).get(0).path("query").asText()).isEqualTo(QUERY);
        assertThat(run.file("report.html")).exists();
        assertThat(VectorIndex.load(run.file("index")).size()).isEqualTo(r.answers());
    }

    @Test
    void aFileWithoutQuestionsIsAnInputError(@TempDir Path dir) throws IOException {
        Path data = Files.write(dir.resolve("a.jsonl"), List.of("{\"answer\":\"only an answer\"}"));
        var o = new Quickstart.Options(data, EmbeddingModel.MINILM_Q, VectorIndex.Kind.EXACT, List.of(QUERY), 1);
        RunDirectory run = RunDirectory.create("quickstart", dir.resolve("run"), List.of(), Map.of(), List.of());
        assertThatThrownBy(() -> Quickstart.run(o, run)).isInstanceOf(BadInputException.class).hasMessageContaining("no record has a 'question'");
    }
}
