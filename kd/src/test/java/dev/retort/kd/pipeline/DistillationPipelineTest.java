package dev.retort.kd.pipeline;

import dev.retort.core.Engine;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.data.AssertionTask;
import dev.retort.kd.data.SplitSetting;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.evaluate.AnswerDecoding;
import dev.retort.kd.evaluate.Baselines;
import dev.retort.kd.loss.CharTrigramEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole kd job on tiny models and a small real data set: every stage's outputs, the headline rows, and --resume. */
class DistillationPipelineTest {
    static final Path FIXTURE = Path.of("src/test/resources/distill/assert5_masked.jsonl");

    static PipelineOptions options(Path data, boolean resume) {
        return new PipelineOptions(new PipelineOptions.Data(List.of(), List.of(), data, AssertionTask.METHOD, SplitSetting.NEW_CLASS),
                new PipelineOptions.Models("tiny", "tiny", 300, 64, 24, 0.0, true, false, false, false), new PipelineOptions.Training(8, 2),
                new PipelineOptions.Teacher(1, 3e-3, null), new PipelineOptions.Student(1, 3e-3, 40, 0.8, 1.0, "traditional", 8),
                new PipelineOptions.Evaluation(0, 3, AnswerDecoding.BEAM), resume);
    }

    /** The fixture's first {@code train} examples as train.jsonl, then {@code held} each as valid.jsonl and test.jsonl. */
    static Path splits(Path dir, int train, int held) {
        Engine.get();
        List<AssertionExample> all = AssertionDataset.read(FIXTURE, BadRecords.failFast());
        Path data = dir.resolve("data");
        AssertionDataset.write(data.resolve("train.jsonl"), all.subList(0, train));
        AssertionDataset.write(data.resolve("valid.jsonl"), all.subList(train, train + held));
        AssertionDataset.write(data.resolve("test.jsonl"), all.subList(train + held, train + 2 * held));
        return data;
    }

    @Test
    void runsEveryStageWritesTheHeadlineTableAndResumesFinishedStages(@TempDir Path dir) throws Exception {
        Path data = splits(dir, 48, 12);
        Path out = dir.resolve("run");

        var result = DistillationPipeline.run(options(data, false), RunDirectory.create("kd-pipeline", out, List.of("test"), Map.of(), List.of()),
                CharTrigramEmbedder::new);
        assertThat(result.testExamples()).isEqualTo(12);
        assertThat(result.decoding()).isEqualTo("beam 5");
        assertThat(result.rows()).extracting(DistillationPipeline.Row::name)
                .containsExactly("teacher", "student", Baselines.BM25, Baselines.MOST_FREQUENT, Baselines.BM25_ANALOGY);
        assertThat(result.rows().get(0).parameters()).isGreaterThan(0);
        assertThat(result.rows().get(1).latencyP50Ms()).isPositive();
        for (String f : List.of("report.html", "pipeline_summary.json", "teacher/report.html", "teacher/best/memory.jsonl",
                DistillationPipeline.LOGITS, "distill/report.html", "distill/final_model/memory.jsonl", "evaluate/report.html",
                "evaluate/evaluation_metrics.json")) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
        assertThat(Files.readString(out.resolve("report.html"))).contains("nearest training example by BM25", "teacher/report.html",
                "data:image/png;base64,");
        assertThat(Files.readAllLines(out.resolve(DistillationPipeline.LOGITS))).as("a header, then --distill-examples 40 of the 48 examples")
                .hasSize(41);
        var summary = Json.readTree(out.resolve("pipeline_summary.json"));
        assertThat(summary.get("rows")).hasSize(5);
        assertThat(summary.get("decoding").asText()).isEqualTo("beam 5");
        assertThat(summary.get("task").asText()).as("the fixture has whole-method targets").isEqualTo("method");
        assertThat(summary.get("split").asText()).as("data without a mine_report.json").isEqualTo("unknown");
        assertThat(summary.at("/rows/0/raw_metrics/exact_match_top5").isNumber()).isTrue();
        assertThat(summary.at("/rows/0/raw_metrics/exact_match_minus_bm25/ci95")).hasSize(2);
        assertThat(summary.at("/rows/2/metrics/exact_match_top5").isNumber()).as("BM25 top-5").isTrue();
        assertThat(Json.readTree(out.resolve("distill/training_report.json")).at("/weights_start/ce").asDouble()).as("--alpha reaches the student").isEqualTo(0.8);

        FileTime teacherTime = Files.getLastModifiedTime(out.resolve("teacher/result.json"));
        FileTime studentTime = Files.getLastModifiedTime(out.resolve("distill/final_model/model.safetensors"));
        var resumed = DistillationPipeline.run(options(data, true), RunDirectory.create("kd-pipeline", out, List.of("test"), Map.of(), List.of()),
                CharTrigramEmbedder::new);
        assertThat(Files.getLastModifiedTime(out.resolve("teacher/result.json"))).as("finished teacher kept").isEqualTo(teacherTime);
        assertThat(Files.getLastModifiedTime(out.resolve("distill/final_model/model.safetensors"))).as("finished student kept").isEqualTo(studentTime);
        assertThat(resumed.rows().get(1).metrics().exactMatch()).isEqualTo(result.rows().get(1).metrics().exactMatch());
        assertThat(summary.get("teacher_start").asText()).isEqualTo("from scratch");

        Path tuned = dir.resolve("tuned");
        var o = options(data, false);
        DistillationPipeline.run(new PipelineOptions(o.data(), o.models(), o.training(), new PipelineOptions.Teacher(1, 3e-3, out.resolve("teacher/best")),
                o.student(), o.evaluation(), false), RunDirectory.create("kd-pipeline", tuned, List.of("test"), Map.of(), List.of()), CharTrigramEmbedder::new);
        assertThat(Json.readTree(tuned.resolve("pipeline_summary.json")).get("teacher_start").asText()).startsWith("fine-tuned from ");
        assertThat(tuned.resolve("teacher/tokenizer.json")).as("the init model's tokenizer").hasSameBinaryContentAs(out.resolve("teacher/best/tokenizer.json"));
        assertThat(firstTrainingLoss(tuned.resolve("teacher"))).as("same seed and batches: a fresh model would give the first run's loss")
                .isLessThan(firstTrainingLoss(out.resolve("teacher")));
    }

    private static double firstTrainingLoss(Path run) throws java.io.IOException {
        String line = Files.readAllLines(run.resolve("metrics.csv")).stream().filter(l -> l.contains("train/loss")).findFirst().orElseThrow();
        return Double.parseDouble(line.split(",")[2]);   // step,tag,value,wall_time
    }

    /** --abstract-identifiers and --analogical-hints reach both models: the student shares the teacher's placeholders and writes names back. */
    @Test
    void identifierAbstractionReachesTeacherAndStudent(@TempDir Path dir) throws Exception {
        Path data = splits(dir, 40, 8);
        Path out = dir.resolve("run");
        var o = options(data, false);
        var m = o.models();
        var models = new PipelineOptions.Models(m.teacherPreset(), m.studentSize(), 400, m.maxInputLen(), m.maxOutputLen(), m.dropout(), m.copyFollow(), true, false, true);
        var result = DistillationPipeline.run(new PipelineOptions(o.data(), models, o.training(), o.teacher(), o.student(), o.evaluation(), false),
                RunDirectory.create("kd-pipeline", out, List.of("test"), Map.of(), List.of()), CharTrigramEmbedder::new);
        var teacher = dev.retort.kd.model.ExampleEncoder.identifiersInModel(out.resolve("teacher/best"));
        assertThat(teacher).isNotNull();
        assertThat(teacher.analogicalHints()).as("--analogical-hints reaches the teacher's encoder").isTrue();
        assertThat(dev.retort.kd.model.ExampleEncoder.identifiersInModel(out.resolve("distill/final_model"))).as("the student's").isEqualTo(teacher);
        assertThat(result.rows()).hasSize(5);
        assertThat(Json.readTree(out.resolve("pipeline_summary.json")).get("identifiers").asText()).isEqualTo("abstracted");
    }

    @Test
    void twoRunsWithTheSameSeedGiveTheSameNumbers(@TempDir Path dir) throws Exception {
        Path data = splits(dir, 40, 8);
        List<com.fasterxml.jackson.databind.JsonNode> summaries = new java.util.ArrayList<>();
        for (String name : List.of("first", "second")) {
            Path out = dir.resolve(name);
            DistillationPipeline.run(options(data, false), RunDirectory.create("kd-pipeline", out, List.of("test"), Map.of(), List.of()),
                    CharTrigramEmbedder::new);
            var rows = (com.fasterxml.jackson.databind.node.ArrayNode) Json.readTree(out.resolve("pipeline_summary.json")).get("rows");
            for (var row : rows) {
                var m = (com.fasterxml.jackson.databind.node.ObjectNode) row;
                m.remove(List.of("latency_ms_p50", "latency_ms_p95"));   // wall-clock, the only numbers allowed to differ
            }
            summaries.add(rows);
        }
        assertThat(summaries.get(1)).as("every metric of every row, bootstrap intervals included").isEqualTo(summaries.get(0));
    }

    @Test
    void analogicalHintsAreOnByDefaultAndOffWithNamesAsText() {
        var m = PipelineOptions.defaults().models();
        assertThat(m.analogicalHints()).isTrue();
        var asText = new PipelineOptions.Models(m.teacherPreset(), m.studentSize(), m.vocabSize(), m.maxInputLen(), m.maxOutputLen(),
                m.dropout(), m.copyFollow(), false, m.focalSignatures(), true);
        assertThat(asText.analogicalHints()).as("renaming needs the placeholders, so --no-abstract-identifiers alone turns it off").isFalse();
    }
}
