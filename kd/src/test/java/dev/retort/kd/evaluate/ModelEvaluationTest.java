package dev.retort.kd.evaluate;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.ModelConfig;
import dev.retort.kd.model.Seq2SeqModel;
import dev.retort.text.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelEvaluationTest {
    /** Six fixture examples, a tokenizer learned on them (saved as {@code tokenizerFile}) and an encoder over it. */
    record Fixture(List<AssertionExample> examples, Path tokenizerFile, ExampleEncoder encoder) {
        static Fixture in(Path dir) {
            Engine.get();
            List<AssertionExample> examples = AssertionDataset.read(Path.of("src/test/resources/distill/assert5_masked.jsonl"),
                    BadRecords.failFast()).subList(0, 6);
            List<String> corpus = new ArrayList<>();
            examples.forEach(e -> corpus.add(e.input("\n") + "\n" + e.target()));
            Tokenizer tokenizer = Tokenizer.train(corpus, 300);
            Path tok = dir.resolve("tokenizer.json");
            tokenizer.save(tok);
            return new Fixture(examples, tok, new ExampleEncoder(tokenizer, 64, 16));
        }
    }

    @Test
    void teacherAndStudentSideBySide(@TempDir Path dir) throws Exception {
        Fixture fixture = Fixture.in(dir);
        List<AssertionExample> examples = fixture.examples();
        Path tok = fixture.tokenizerFile();
        ModelConfig small = fixture.encoder().config("tiny");
        Seq2SeqModel.create(small).save(dir.resolve("student"), tok);
        Seq2SeqModel.create(new ModelConfig("wider", small.vocabSize(), 64, 2, 2, 2, 128, small.maxSourceLen(),
                small.maxTargetLen(), 0.0, true, false, small.padId(), small.bosId(), small.eosId())).save(dir.resolve("teacher"), tok);

        RunDirectory run = RunDirectory.create("kd-evaluate", dir.resolve("run"), List.of("test"), Map.of(), List.of());
        var result = ModelEvaluation.run(new ModelEvaluation.Options(examples, dir.resolve("teacher"), dir.resolve("student"), 8, 4, 3, examples, 3, 1, null, AnswerDecoding.GREEDY),
                run, null);
        var models = result.models();
        assertThat(result.baselines()).extracting(ModelEvaluation.BaselineScores::name).containsExactly(Baselines.BM25, Baselines.MOST_FREQUENT, Baselines.BM25_ANALOGY);
        // fitted on the scored examples themselves, BM25 still never returns an example's own target
        assertThat(result.baselines().getFirst().metrics().examples()).isEqualTo(examples.size());
        assertThat(models).extracting(ModelEvaluation.ModelScores::role).containsExactly("teacher", "student");
        assertThat(models.get(0).parameters()).isGreaterThan(models.get(1).parameters());
        assertThat(models.get(0).bytesOnDisk()).isGreaterThan(models.get(1).bytesOnDisk());
        assertThat(models.get(1).latencyP50Ms()).isPositive();
        for (String f : List.of("evaluation_metrics.json", "predictions_final.jsonl", "metrics_final.csv", "metrics_summary_final.json",
                "predictions_teacher.jsonl", "report.html")) {
            assertThat(run.file(f)).as(f).exists();
        }
        var json = Json.readTree(run.file("evaluation_metrics.json"));
        assertThat(json.get("comparison").get("parameter_ratio_teacher_over_student").asDouble())
                .isCloseTo((double) models.get(0).parameters() / models.get(1).parameters(), within(1e-9));
        assertThat(json.get("student").get("metrics").get("semantic_similarity").isNull()).isTrue();
        assertThat(json.get("baselines").get(Baselines.BM25).get("exact_match").isNumber()).isTrue();
        var bm25 = json.get("baselines").get(Baselines.BM25);
        assertThat(bm25.get("exact_match_top3").asDouble()).as("top-3 contains top-1").isGreaterThanOrEqualTo(bm25.get("exact_match").asDouble());
        for (var m : models) {
            assertThat(m.rawExact().topK().mean()).as("%s top-3 contains its greedy answer", m.role()).isGreaterThanOrEqualTo(m.rawExact().top1().mean());
            assertThat(m.rawExact().top1().mean()).isEqualTo(m.rawMetrics().exactMatch());
            assertThat(m.rawExact().minusBm25().mean()).isCloseTo(m.rawExact().top1().mean() - result.baselines().getFirst().exact().top1().mean(), within(1e-12));
        }
        assertThat(json.get("student").get("raw_metrics").has("exact_match_minus_bm25")).isTrue();
        var firstPrediction = Json.MAPPER.readTree(Files.readAllLines(run.file("predictions_final.jsonl")).getFirst());
        assertThat(firstPrediction.get("candidates").size()).isBetween(1, 3);
        assertThat(firstPrediction.get("candidates").get(0).asText()).isEqualTo(firstPrediction.get("raw_predicted_assertions").asText());
        String report = Files.readString(run.file("report.html"));
        assertThat(report).contains(Baselines.MOST_FREQUENT, "speed-up over the teacher", "The first 6 examples");
        String firstGold = examples.getFirst().target().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
        assertThat(report).as("a sample row shows the gold assertions").contains(firstGold);
    }

    @Test
    void needsAtLeastOneModel(@TempDir Path dir) {
        RunDirectory run = RunDirectory.create("kd-evaluate", dir, List.of("test"), Map.of(), List.of());
        assertThatThrownBy(() -> ModelEvaluation.run(new ModelEvaluation.Options(List.of(), null, null, 8, 4, 3, null, 5, 1, null, AnswerDecoding.GREEDY), run, null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--student-model-path");
    }

    @Test
    void quantilesInterpolate() {
        double[] v = {4, 1, 3, 2};
        assertThat(AssertionPredictor.quantile(v, 0.5)).isEqualTo(2.5);
        assertThat(AssertionPredictor.quantile(v, 0.95)).isCloseTo(3.85, within(1e-12));
        assertThat(AssertionPredictor.quantile(new double[0], 0.5)).isNaN();
    }

    /**
     * Without a model, the file's own predicted_assertions are scored: a course-style record (no id, a list of
     * assertions) and mined records, two of four right, matched by id whatever the order; a record without the field
     * is an error naming it.
     */
    @Test
    void storedPredictionsAreScoredWithoutAModel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("with_predictions.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"header\": {\"dataset_type\": \"training\"}}",
                "{\"focal_file\": \"int f() { return 1; }\", \"test_method_masked\": \"void t() { // <ASSERTION_PLACEHOLDER>\\n }\", "
                        + "\"original_target\": [\"assertEquals(1, f());\", \"assertTrue(true);\"], "
                        + "\"predicted_assertions\": [\"assertEquals(1, f());\", \"assertTrue(true);\"]}",
                "{\"id\": \"b\", \"focal_method\": \"int g()\", \"test_method_masked\": \"void u() {}\", \"assertions\": [\"assertEquals(2, g());\"], "
                        + "\"predicted_assertions\": \"assertEquals(3, g());\"}",
                "{\"id\": \"c\", \"focal_method\": \"int h()\", \"test_method_masked\": \"void v() {}\", \"assertions\": [\"assertNull(h());\"], "
                        + "\"predicted_assertions\": \"assertNull(h());\"}",
                "{\"id\": \"d\", \"focal_method\": \"int k()\", \"test_method_masked\": \"void w() {}\", \"assertions\": [\"assertFalse(k());\"], "
                        + "\"predicted_assertions\": \"assertTrue(k());\"}") + "\n");
        List<AssertionExample> examples = new ArrayList<>(AssertionDataset.read(file, BadRecords.failFast()));
        java.util.Collections.reverse(examples);
        List<String> stored = StoredPredictions.read(file, examples, BadRecords.failFast());
        assertThat(stored.getLast()).isEqualTo("assertEquals(1, f());\nassertTrue(true);");

        RunDirectory run = RunDirectory.create("kd-evaluate", dir.resolve("run"), List.of("test"), Map.of(), List.of());
        var result = ModelEvaluation.run(new ModelEvaluation.Options(examples, null, null, 8, 4, 0, null, 5, 1, stored, AnswerDecoding.GREEDY), run, null);
        assertThat(result.models()).isEmpty();
        assertThat(result.stored().metrics().exactMatch()).isEqualTo(0.5);
        assertThat(Json.readTree(run.file("evaluation_metrics.json")).get("stored_predictions").get("exact_match").asDouble()).isEqualTo(0.5);
        assertThat(Files.readString(run.file("report.html"))).contains("Stored predictions on 4 examples");

        Path missing = dir.resolve("missing.jsonl");
        Files.writeString(missing, "{\"id\": \"x\", \"focal_method\": \"f\", \"test_method_masked\": \"t\", \"assertions\": [\"a;\"]}\n");
        List<AssertionExample> one = AssertionDataset.read(missing, BadRecords.failFast());
        assertThatThrownBy(() -> StoredPredictions.read(missing, one, BadRecords.failFast()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("missing.jsonl").hasMessageContaining("predicted_assertions");
    }

    /** --decode beam: each top-1 answer is the best hypothesis of the top-k beam, and the files say so. */
    @Test
    void beamTopOneIsTheBestHypothesisOfTheTopKBeam(@TempDir Path dir) throws Exception {
        Fixture f = Fixture.in(dir);
        List<AssertionExample> examples = f.examples();
        ExampleEncoder encoder = f.encoder();
        Seq2SeqModel model = Seq2SeqModel.create(encoder.config("tiny"));
        model.save(dir.resolve("student"), f.tokenizerFile());
        RunDirectory run = RunDirectory.create("kd-evaluate", dir.resolve("run"), List.of("test"), Map.of(), List.of());
        var result = ModelEvaluation.run(new ModelEvaluation.Options(examples, null, dir.resolve("student"), 8, 4, 2, null, 3, 1, null,
                AnswerDecoding.BEAM), run, null);

        List<int[]> sources = examples.stream().map(encoder::source).toList();
        List<int[]> found = model.generateBeam(sources, 8, 3);
        List<String> best = java.util.stream.IntStream.range(0, found.size()).mapToObj(i -> encoder.decodeGenerated(examples.get(i), found.get(i), 8)).toList();
        List<String> written = Files.readAllLines(run.file("predictions_final.jsonl")).stream()
                .map(l -> parse(l).get("raw_predicted_assertions").asText()).toList();
        assertThat(written).isEqualTo(best);
        assertThat(result.models().getFirst().rawExact().topK().mean()).isGreaterThanOrEqualTo(result.models().getFirst().rawExact().top1().mean());
        assertThat(Json.readTree(run.file("evaluation_metrics.json")).get("decoding").asText()).isEqualTo("beam 3");
        assertThat(Files.readString(run.file("report.html"))).contains("top-1 answer: beam 3");
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void decodingOptionsAreCheckedWithClearErrors() {
        assertThat(AnswerDecoding.of("beam", 0)).isEqualTo(AnswerDecoding.BEAM);
        assertThat(AnswerDecoding.of("GREEDY", 0)).isEqualTo(AnswerDecoding.GREEDY);
        assertThat(AnswerDecoding.of("greedy", 0.5)).isEqualTo(new AnswerDecoding.Sampled(0.5));
        assertThatThrownBy(() -> AnswerDecoding.of("beam", 0.5)).isInstanceOf(BadInputException.class).hasMessageContaining("--decode beam");
        assertThatThrownBy(() -> AnswerDecoding.of("nucleus", 0)).isInstanceOf(BadInputException.class).hasMessageContaining("nucleus");
        assertThatThrownBy(() -> AnswerDecoding.of("greedy", -1)).isInstanceOf(BadInputException.class).hasMessageContaining("--temperature");
        assertThat(AnswerDecoding.BEAM.latencyBeam(5)).isEqualTo(5);
        assertThat(AnswerDecoding.GREEDY.latencyBeam(5)).isEqualTo(1);
    }

    /** --temperature: near 0 sampling gives the greedy text; at 1 the same seed draws the same answers, another seed others. */
    @Test
    void sampledAnswersAreSeededAndTendToGreedyAsTheTemperatureFalls(@TempDir Path dir) {
        Fixture f = Fixture.in(dir);
        Engine engine = Engine.get();
        List<AssertionExample> examples = f.examples();
        ExampleEncoder encoder = f.encoder();
        Seq2SeqModel model = Seq2SeqModel.create(encoder.config("tiny"));
        List<int[]> sources = examples.stream().map(encoder::source).toList();
        assertThat(AssertionPredictor.sampleFrom(model, encoder, examples, sources, 4, 8, 1e-4))
                .isEqualTo(AssertionPredictor.generateFrom(model, encoder, examples, sources, 4, 8));
        engine.reseed(7);
        List<String> first = AssertionPredictor.sampleFrom(model, encoder, examples, sources, 4, 8, 1.0);
        engine.reseed(7);
        assertThat(AssertionPredictor.sampleFrom(model, encoder, examples, sources, 4, 8, 1.0)).isEqualTo(first);
        engine.reseed(8);
        assertThat(AssertionPredictor.sampleFrom(model, encoder, examples, sources, 4, 8, 1.0)).isNotEqualTo(first);
    }
}
