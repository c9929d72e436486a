package dev.retort.kd.distill;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.CsvTable;
import dev.retort.core.io.Json;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.loss.CharTrigramEmbedder;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.Seq2SeqModel;
import dev.retort.kd.retrieve.AssertionMemory;
import dev.retort.text.tokenize.Tokenizer;
import dev.retort.core.io.BadRecords;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.retort.core.report.TfEventReader;
import dev.retort.kd.train.Seq2SeqTrainingLoop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** End-to-end distillation on tiny models and real (small) data; checks the outputs, not the quality. */
class DistillerTest {
    static final Path FIXTURE = Path.of("src/test/resources/distill/assert5_masked.jsonl");
    static final Path COURSE = Path.of("../data/assertions/course-format/distillation_data_sample.jsonl");

    @TempDir
    static Path dir;
    static Path teacherDir;
    static Path tokenizerFile;

    /** A tiny teacher (random weights: this checks plumbing) with a tokenizer learned on the fixture. */
    @BeforeAll
    static void teacher() {
        Engine.get();
        List<AssertionExample> examples = AssertionDataset.read(FIXTURE, BadRecords.failFast());
        List<String> corpus = new ArrayList<>();
        for (AssertionExample e : examples) {
            corpus.add(e.input("\n"));
            corpus.add(e.target());
        }
        Tokenizer tokenizer = Tokenizer.train(corpus, 400);
        tokenizerFile = dir.resolve("tokenizer.json");
        tokenizer.save(tokenizerFile);
        var encoder = new ExampleEncoder(tokenizer, 64, 24);
        teacherDir = dir.resolve("teacher");
        Seq2SeqModel.create(encoder.config("tiny")).save(teacherDir, tokenizerFile);
        AssertionMemory.of(examples).saveInto(teacherDir);   // a retrieval teacher: the student must get its memory too
    }

    static DistillOptions options(Path train, String lossFunction, List<String> components, boolean dynamic, boolean compat) {
        return options(train, lossFunction, components, dynamic, compat, 0, false);
    }

    static DistillOptions options(Path train, String lossFunction, List<String> components, boolean dynamic, boolean compat,
                                  int stopAfterEpoch, boolean resume) {
        return options(train, lossFunction, components, dynamic, compat, stopAfterEpoch, resume, "trident", 1e-3, 0);
    }

    static DistillOptions options(Path train, String lossFunction, List<String> components, boolean dynamic, boolean compat,
                                  int stopAfterEpoch, boolean resume, String preset, double lr, long warmupSteps) {
        return new DistillOptions(new DistillOptions.Data(train, compat ? null : FIXTURE, 12, 4, compat ? null : teacherDir, null, null, 0, compat, false),
                new DistillOptions.Model("tiny", 0.0, 64, 24, false), new DistillOptions.Training(2, 4, 2, 1), new DistillOptions.Optimizer(lr, warmupSteps, new Seq2SeqTrainingLoop.WeightDecay(0.01, false), 1.0),
                new DistillOptions.Loss(lossFunction, components, List.of(), 0.5, 5.0, 0.1, 0.1, 2),
                new DistillOptions.Schedule(dynamic, preset, "step", 4.0, 1.5), new DistillOptions.Run(false, 1, stopAfterEpoch, resume));
    }

    @Test
    void multiComponentWithOnlineTeacherWritesEveryOutput() throws Exception {
        RunDirectory run = RunDirectory.create("kd-distill", dir.resolve("run-multi"), List.of("test"), Map.of(), List.of());
        // trident_code: semantic starts at weight 0, so step 1 shows a skipped term
        var o = options(FIXTURE, "multi_component", List.of("focal", "jsd", "semantic", "pans", "ast", "contrastive"), true, false,
                0, false, "trident_code", 1e-3, 0);
        List<String> warnings = new ArrayList<>();
        var result = Distiller.run(o, run, CharTrigramEmbedder::new, warnings::add);
        assertThat(warnings).singleElement().asString().contains("[pans, ast]");
        for (String f : List.of("training_report.json", "training_metrics.csv", "step_metrics.csv", "epoch_1_summary.json",
                "epoch_2_summary.json", "distillation_log.txt", "predictions_final.jsonl", "metrics_final.csv",
                "metrics_summary_final.json", "multi_component_loss_summary.json", "final_model/model.safetensors",
                "final_model/tokenizer.json", "final_model/memory.jsonl", "report.html", "loss_curves.png")) {
            assertThat(run.file(f)).as(f).exists();
        }
        assertThat(run.file("tensorboard/scalars")).isDirectoryContaining(p -> p.getFileName().toString().contains("tfevents"));
        var steps = CsvTable.read(run.file("step_metrics.csv"));
        // 12 examples, batch 4, accumulation 2 → 2 optimizer steps per epoch, 2 epochs; effective batch 8 then 4
        assertThat(steps.rows()).hasSize(4);
        assertThat(steps.rows().getFirst().get("effective_batch_size")).isEqualTo("8");
        assertThat(steps.rows().getFirst().get("semantic_loss_raw")).as("semantic weight 0 at step 1 → not computed").isEmpty();
        assertThat(Double.parseDouble(steps.rows().getLast().get("semantic_loss_raw"))).isFinite();
        assertThat(Double.parseDouble(steps.rows().getFirst().get("temperature"))).isEqualTo(4.0);
        assertThat(Double.parseDouble(steps.rows().getLast().get("temperature"))).isEqualTo(1.5);
        assertThat(Double.parseDouble(steps.rows().getFirst().get("grad_norm_decoder"))).isPositive();
        assertThat(result.finalMetrics().examples()).isEqualTo(4);
        assertThat(result.evaluatedOn()).isEqualTo("validation set");
        Seq2SeqModel reloaded = Seq2SeqModel.load(run.file("final_model"));
        assertThat(reloaded.parameterCount()).isEqualTo(result.parameters());
        var summary = Json.readTree(run.file("multi_component_loss_summary.json"));
        assertThat(summary.get("components").get("contrastive").get("weight_start").asDouble()).isEqualTo(0.1);
        stepMetricsHaveTheOriginalsColumns(run.file("step_metrics.csv"), o.loss().lossComponents());
        tensorBoardHasTheOriginalsDashboards(run.file("tensorboard/scalars"), o.loss().lossComponents());
    }

    /** Names and order as the original README gives them; weighted = weight × raw (× β for semantic). */
    static void stepMetricsHaveTheOriginalsColumns(Path file, List<String> components) throws Exception {
        List<String> expected = new ArrayList<>(List.of("timestamp", "epoch", "step", "mini_batch_idx"));
        for (String c : components) expected.addAll(List.of(c + "_loss_raw", c + "_loss_weighted"));
        expected.addAll(List.of("total_loss_raw", "total_loss_weighted", "grad_norm_total", "grad_norm_encoder", "grad_norm_decoder",
                "learning_rate", "temperature", "alpha", "effective_batch_size", "memory_usage_mb", "elapsed_time_seconds"));
        for (String c : components) expected.add(c + "_weight");
        assertThat(Files.readAllLines(file).getFirst()).isEqualTo(String.join(",", expected));
        var rows = CsvTable.read(file).rows();
        assertThat(rows).extracting(r -> r.get("mini_batch_idx")).containsExactly("1", "2", "1", "2");  // 3 micro-batches, 2 per step
        int semanticSeen = 0;
        for (var r : rows) {
            double rawSum = 0, weightedSum = 0;
            for (String c : components) {
                if (r.get(c + "_loss_raw").isEmpty()) continue;
                double raw = Double.parseDouble(r.get(c + "_loss_raw")), weighted = Double.parseDouble(r.get(c + "_loss_weighted"));
                double factor = Double.parseDouble(r.get(c + "_weight")) * (c.equals("semantic") ? 5.0 : 1.0);
                assertThat(weighted).as(c + " at step " + r.get("step")).isCloseTo(factor * raw, within(1e-9 + 1e-9 * Math.abs(weighted)));
                if (c.equals("semantic")) semanticSeen++;
                rawSum += raw;
                weightedSum += weighted;
            }
            assertThat(Double.parseDouble(r.get("total_loss_raw"))).isCloseTo(rawSum, within(1e-9));
            assertThat(Double.parseDouble(r.get("total_loss_weighted"))).isCloseTo(weightedSum, within(1e-9));
            assertThat(java.time.LocalDateTime.parse(r.get("timestamp"))).isNotNull();
        }
        assertThat(semanticSeen).isPositive();
    }

    /** The tags of the original's MetricsLogger dashboards, in an event file that parses. */
    static void tensorBoardHasTheOriginalsDashboards(Path dir, List<String> components) throws Exception {
        Path file;
        try (var files = Files.list(dir)) {
            file = files.filter(p -> p.getFileName().toString().contains("tfevents")).findFirst().orElseThrow();
        }
        var events = TfEventReader.read(file);
        assertThat(events.fileVersion()).isEqualTo("brain.Event:2");
        var tags = events.scalars().stream().map(TfEventReader.Scalar::tag).collect(java.util.stream.Collectors.toSet());
        assertThat(tags).contains("Loss/total", "Loss_Raw/total", "Loss_Weighted/total", "Gradients/total_norm",
                "Gradients/encoder_norm", "Gradients/decoder_norm", "Hyperparams/learning_rate", "Hyperparams/temperature",
                "Hyperparams/alpha", "Training/memory_usage_mb", "Training/effective_batch_size", "Training/elapsed_time",
                "Training/epoch_time", "Validation/exact_match", "Validation/bleu");
        for (String c : components) assertThat(tags).contains("Loss/" + c, "Loss_Raw/" + c, "Loss_Weighted/" + c, "Weights/" + c);
        var firstFocalWeight = events.scalars().stream().filter(s -> s.tag().equals("Weights/focal")).findFirst().orElseThrow();
        assertThat(firstFocalWeight.step()).isEqualTo(1);
        assertThat(firstFocalWeight.value()).isEqualTo(0.3f);
    }

    @Test
    void runStoppedAfterAnEpochAndResumedEndsWithTheWeightsOfAnUninterruptedRun() throws Exception {
        List<String> components = List.of("focal", "jsd", "pans");   // pans samples: the sampler's randomness must resume too
        Path whole = dir.resolve("run-whole"), split = dir.resolve("run-split");
        Distiller.run(options(FIXTURE, "multi_component", components, true, false),
                RunDirectory.create("kd-distill", whole, List.of("test"), Map.of(), List.of()), CharTrigramEmbedder::new);
        var first = Distiller.run(options(FIXTURE, "multi_component", components, true, false, 1, false),
                RunDirectory.create("kd-distill", split, List.of("test"), Map.of(), List.of()), CharTrigramEmbedder::new);
        assertThat(first.finished()).isFalse();
        assertThat(split.resolve("final_model")).doesNotExist();
        assertThat(Json.readTree(split.resolve("checkpoint/state.json")).get("epochsDone").asInt()).isEqualTo(1);
        var otherLr = options(FIXTURE, "multi_component", components, true, false, 0, true, "trident", 2e-3, 0);
        assertThatThrownBy(() -> Distiller.run(otherLr, RunDirectory.open(split), CharTrigramEmbedder::new))
                .isInstanceOf(BadInputException.class).hasMessageContaining("lr 0.001 → 0.002").hasMessageContaining("run.json");
        var resumed = Distiller.run(options(FIXTURE, "multi_component", components, true, false, 0, true),
                RunDirectory.create("kd-distill", split, List.of("test"), Map.of(), List.of()), CharTrigramEmbedder::new);
        assertThat(resumed.finished()).isTrue();
        assertThat(resumed.optimizerSteps()).isEqualTo(4);
        assertThat(Files.readAllBytes(split.resolve("final_model/model.safetensors")))
                .isEqualTo(Files.readAllBytes(whole.resolve("final_model/model.safetensors")));
        assertThat(CsvTable.read(split.resolve("step_metrics.csv")).rows()).extracting(r -> r.get("step")).containsExactly("1", "2", "3", "4");
        assertThat(Json.readTree(split.resolve("multi_component_loss_summary.json")).get("optimizer_steps").asLong()).isEqualTo(4);
    }

    @Test
    void resumeWithoutACheckpointAndAWarmupLongerThanTheRunAreReported() {
        RunDirectory run = RunDirectory.create("kd-distill", dir.resolve("run-warned"), List.of("test"), Map.of(), List.of());
        List<String> warnings = new ArrayList<>();
        var result = Distiller.run(options(FIXTURE, "traditional", List.of(), false, false, 0, true, null, 1e-3, 100), run,
                CharTrigramEmbedder::new, warnings::add);
        assertThat(result.optimizerSteps()).isEqualTo(4);
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("--resume: no checkpoint in"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("--warmup-steps 100 is more than the run's 4 optimizer steps"));
        assertThat(run.file("distillation_log.txt")).content().contains("warning: --resume: no checkpoint");
    }

    /** --skip-bad-records: the run goes on, and its report and training_report.json name what was skipped and why. */
    @Test
    void skippedBadRecordsAreListedInTheReport() throws Exception {
        Path withBad = dir.resolve("with-bad.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(FIXTURE));
        lines.add(2, "{\"id\": \"broken\", \"focal_method\": ");
        Files.write(withBad, lines);
        var o = options(withBad, "traditional", List.of(), false, false)
                .withData(new DistillOptions.Data(withBad, FIXTURE, 12, 4, teacherDir, null, null, 0, false, true));
        RunDirectory run = RunDirectory.create("kd-distill", dir.resolve("run-skipped"), List.of("test"), Map.of(), List.of());
        Distiller.run(o, run, CharTrigramEmbedder::new);
        var bad = Json.readTree(run.file("training_report.json")).get("bad_records");
        assertThat(bad.get("skipped").asInt()).isEqualTo(1);
        assertThat(bad.get("first").get(0).asText()).contains("with-bad.jsonl:3: malformed JSON");
        assertThat(run.file("report.html")).content().contains("Skipped bad records: 1").contains("with-bad.jsonl:3: malformed JSON");
    }

    @Test
    void courseFormatCompatibilityTakesTheVocabularyFromTheFile() {
        RunDirectory run = RunDirectory.create("kd-distill", dir.resolve("run-course"), List.of("test"), Map.of(), List.of());
        var result = Distiller.run(options(COURSE, "traditional", List.of(), false, true), run, CharTrigramEmbedder::new);
        var report = Json.readTree(run.file("training_report.json"));
        assertThat(report.get("student").get("vocab").asInt()).isEqualTo(32100);  // the sample's largest V
        assertThat(result.optimizerSteps()).isEqualTo(2);
        assertThat(run.file("predictions_final.jsonl")).exists();
        assertThat(result.evaluatedOn()).contains("course compat");
    }

    /** --workers 2 runs a step's two micro-batches at once on a replica: the same weights as one after the other. */
    @Test
    void twoWorkersTrainTheWeightsOfOneAndRefuseWhatTheyCannotRepeat() throws Exception {
        var one = options(COURSE, "traditional", List.of(), false, true);
        var two = one.withTraining(new DistillOptions.Training(2, 4, 2, 2));
        Path w1 = dir.resolve("run-w1"), w2 = dir.resolve("run-w2");
        Distiller.run(one, RunDirectory.create("kd-distill", w1, List.of("test"), Map.of(), List.of()), CharTrigramEmbedder::new);
        var result = Distiller.run(two, RunDirectory.create("kd-distill", w2, List.of("test"), Map.of(), List.of()), CharTrigramEmbedder::new);
        assertThat(result.optimizerSteps()).isEqualTo(2);
        assertThat(Files.readAllBytes(w2.resolve("final_model/model.safetensors"))).isEqualTo(Files.readAllBytes(w1.resolve("final_model/model.safetensors")));
        assertThat(CsvTable.read(w2.resolve("step_metrics.csv")).rows()).extracting(r -> r.get("total_loss_weighted"))
                .isEqualTo(CsvTable.read(w1.resolve("step_metrics.csv")).rows().stream().map(r -> r.get("total_loss_weighted")).toList());

        var online = options(FIXTURE, "traditional", List.of(), false, false).withTraining(new DistillOptions.Training(2, 4, 2, 2));
        assertThatThrownBy(() -> Distiller.run(online, RunDirectory.create("kd-distill", dir.resolve("run-w-online"), List.of("test"), Map.of(), List.of()),
                CharTrigramEmbedder::new)).isInstanceOf(BadInputException.class).hasMessageContaining("online teacher");
        var sampled = options(FIXTURE, "multi_component", List.of("focal", "pans"), false, false).withTraining(new DistillOptions.Training(2, 4, 2, 2));
        assertThatThrownBy(() -> Distiller.run(sampled, RunDirectory.create("kd-distill", dir.resolve("run-w-sampled"), List.of("test"), Map.of(), List.of()),
                CharTrigramEmbedder::new)).isInstanceOf(BadInputException.class).hasMessageContaining("sampled loss terms");
        var dropout = two.withModel(new DistillOptions.Model("tiny", 0.1, 64, 24, false));
        assertThatThrownBy(() -> Distiller.run(dropout, RunDirectory.create("kd-distill", dir.resolve("run-w-dropout"), List.of("test"), Map.of(), List.of()),
                CharTrigramEmbedder::new)).isInstanceOf(BadInputException.class).hasMessageContaining("--dropout-rate 0");
    }

    @Test
    void teacherWithAnotherVocabularyIsRefusedWithoutTheCompatFlag() {
        RunDirectory run = RunDirectory.create("kd-distill", dir.resolve("run-refused"), List.of("test"), Map.of(), List.of());
        var o = new DistillOptions(new DistillOptions.Data(COURSE, null, 12, 8, null, tokenizerFile, null, 0, false, false),
                new DistillOptions.Model("tiny", 0.0, 64, 24, false), new DistillOptions.Training(1, 4, 1, 1), new DistillOptions.Optimizer(1e-3, 0, new Seq2SeqTrainingLoop.WeightDecay(0.01, false), 1.0),
                new DistillOptions.Loss("traditional", List.of(), List.of(), 0.5, 5.0, 0.1, 0.1, 2),
                new DistillOptions.Schedule(false, "trident", "epoch", 4.0, 1.5), new DistillOptions.Run(false, 1, 0, false));
        assertThatThrownBy(() -> Distiller.run(o, run, CharTrigramEmbedder::new)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("V = ").hasMessageContaining("--vocab-from-teacher-file");
    }

    /** Slow (three runs); the NaN guarantee for every mode is checked at loss level by ExtremeSettingsTest. */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void everyLossModeRunsWithTheRealStudent() throws Exception {
        for (String mode : List.of("traditional", "enhanced", "ast_enhanced")) {
            RunDirectory run = RunDirectory.create("kd-distill", dir.resolve("run-" + mode), List.of("test"), Map.of(), List.of());
            var o = options(FIXTURE, mode, List.of(), false, false);
            var result = Distiller.run(o, run, CharTrigramEmbedder::new);
            assertThat(result.lossSummary()).containsKey("components");
            assertThat(Files.readString(run.file("step_metrics.csv"))).doesNotContain("NaN");
        }
    }
}
