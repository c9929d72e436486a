package dev.retort.kd.generate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.text.metrics.AstValidity;
import dev.retort.kd.model.AssertionGenerator;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.Seq2SeqModel;
import dev.retort.kd.retrieve.AssertionMemory;
import dev.retort.text.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code kd generate --data} on an untrained tiny model with a retrieval memory: its own text does not parse, so every
 * answer is the neighbour's; each record is what {@link AssertionGenerator#answer} gives for that example, in input
 * order; bad records stop the run naming file and line, or are skipped; an empty input is refused.
 */
class BatchGenerationTest {
    @TempDir
    Path dir;

    private Path model(List<AssertionExample> examples) {
        Engine.get();
        List<String> corpus = new ArrayList<>();
        examples.forEach(e -> corpus.add(e.input("\n") + "\n" + e.target()));
        Tokenizer tokenizer = Tokenizer.train(corpus, 300);
        Path tok = dir.resolve("tokenizer.json");
        tokenizer.save(tok);
        ExampleEncoder encoder = new ExampleEncoder(tokenizer, AssertionMemory.of(examples), 64, 16);
        encoder.saveModel(Seq2SeqModel.create(encoder.config("tiny")), tok, dir.resolve("model"), dir);
        return dir.resolve("model");
    }

    @Test
    void oneRecordPerExampleInInputOrderWithTheGeneratorsAnswer() throws IOException {
        List<AssertionExample> examples = AssertionDataset.read(Path.of("src/test/resources/distill/assert5_masked.jsonl"),
                BadRecords.failFast()).subList(0, 6);
        Path model = model(examples);
        Path data = dir.resolve("data.jsonl"), out = dir.resolve("generated.jsonl");
        AssertionDataset.write(data, examples.reversed());

        BatchGeneration.Result r = BatchGeneration.run(data, model, 3, BadRecords.failFast(), out);

        List<String> lines = Files.readAllLines(out);
        assertThat(r.examples()).isEqualTo(6);
        assertThat(lines).hasSize(6);
        AssertionGenerator generator = AssertionGenerator.load(model);
        for (int i = 0; i < 6; i++) {
            AssertionExample e = examples.reversed().get(i);
            AssertionGenerator.Answer expected = generator.answer(e, 3, new AstValidity());
            JsonNode rec = Json.MAPPER.readTree(lines.get(i));
            assertThat(rec.get("id").asText()).isEqualTo(e.id());
            assertThat(rec.get("predicted_assertions").asText()).isEqualTo(expected.text());
            assertThat(rec.get("raw_predicted_assertions").asText()).isEqualTo(expected.raw());
            assertThat(rec.get("from_neighbour").asBoolean()).isEqualTo(expected.fromNeighbour());
        }
        // an untrained model writes nothing that parses: every answer is a neighbour's, never the example's own
        assertThat(r.fromNeighbour()).isEqualTo(6);
        assertThat(Json.MAPPER.readTree(lines.getFirst()).get("predicted_assertions").asText()).isNotEmpty();
    }

    @Test
    void badRecordsStopTheRunOrAreSkippedAndAnEmptyInputIsRefused() throws IOException {
        List<AssertionExample> examples = AssertionDataset.read(Path.of("src/test/resources/distill/assert5_masked.jsonl"),
                BadRecords.failFast()).subList(0, 3);
        Path model = model(examples);
        Path clean = dir.resolve("clean.jsonl"), out = dir.resolve("out.jsonl");
        AssertionDataset.write(clean, examples);
        List<String> lines = new ArrayList<>(Files.readAllLines(clean));
        lines.add(1, "{\"id\": \"bad\", \"focal_method\": \"int f();\"}");
        Path data = Files.write(dir.resolve("data.jsonl"), lines);

        assertThatThrownBy(() -> BatchGeneration.run(data, model, 2, BadRecords.failFast(), out))
                .isInstanceOf(BadInputException.class).hasMessageContaining(data + ":2").hasMessageContaining("test_method_masked");
        assertThat(out).doesNotExist();

        BadRecords skip = BadRecords.skipAndCount();
        assertThat(BatchGeneration.run(data, model, 2, skip, out).examples()).isEqualTo(3);
        assertThat(skip.skipped()).isEqualTo(1);

        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n");
        assertThatThrownBy(() -> BatchGeneration.run(empty, model, 2, BadRecords.failFast(), dir.resolve("e.jsonl")))
                .isInstanceOf(BadInputException.class).hasMessage(empty + ": no examples to generate for (the file is empty)");
        assertThatThrownBy(() -> BatchGeneration.run(data, model, 0, skip, out)).hasMessageContaining("--beam");
    }
}
