package dev.retort.kd.distill;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.CsvTable;
import dev.retort.core.io.Json;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.logits.CourseFormat;
import dev.retort.kd.logits.TeacherExample;
import dev.retort.kd.logits.TeacherLogits;
import dev.retort.kd.loss.CharTrigramEmbedder;
import dev.retort.kd.model.AssertionGenerator;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.text.tokenize.HfTokenizer;
import dev.retort.text.tokenize.TextTokenizer;
import dev.retort.text.tokenize.TokenizerFiles;
import dev.retort.kd.train.Seq2SeqTrainingLoop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Course-format files (the original pipeline's distillation_data_{training,validation}.jsonl) with the teacher's Hugging
 * Face tokenizer: every loss trains, validation runs on the validation file and predictions are decoded text.
 */
class CourseFileTokenizerTest {
    static final List<String> EVERY_COMPONENT = List.of("ce", "kl", "focal", "jsd", "semantic", "contrastive", "pans", "ast");

    @TempDir
    static Path dir;
    static List<AssertionExample> examples;
    static Path codeT5;

    @BeforeAll
    static void data() {
        Engine.get();
        examples = AssertionDataset.read(DistillerTest.FIXTURE, BadRecords.failFast());
        List<String> corpus = new ArrayList<>();
        for (AssertionExample e : examples) corpus.addAll(List.of(e.input("\n"), e.target()));
        codeT5 = TokenizerFiles.codeT5Like(dir, corpus, 400);
    }

    /**
     * A course file as the original's teacher script writes one: per record the labels (the target with the tokenizer's
     * special tokens) plus three padded positions, V = the tokenizer's, the label's logit the highest. The other logits are
     * equal, so the LZ4 frames stay small and quick to write at V = 30,522.
     */
    static Path courseFile(String name, List<AssertionExample> records, TextTokenizer t, String datasetType) {
        Path file = dir.resolve(name);
        try (var w = CourseFormat.writer(file, 4, datasetType, "codet5")) {
            for (AssertionExample e : records) {
                int[] labels = Arrays.copyOf(t.encodeTarget(e.target()), t.encodeTarget(e.target()).length + 1);
                labels[labels.length - 1] = t.eos();
                float[][] rows = new float[labels.length + 3][t.vocabSize()];
                for (int p = 0; p < labels.length; p++) rows[p][labels[p]] = 8;
                w.write(new TeacherExample(e, e.target(), TeacherLogits.Dense.of(e.id(), rows)));
            }
            w.commit();
        }
        return file;
    }

    static DistillOptions options(Path train, Path valid, Path tokenizer, String mode, List<String> components) {
        return new DistillOptions(new DistillOptions.Data(train, valid, 0, 0, null, tokenizer, null, 0, false, false),
                new DistillOptions.Model("tiny", 0.0, 64, 24, false), new DistillOptions.Training(1, 4, 1, 1),
                new DistillOptions.Optimizer(1e-3, 0, new Seq2SeqTrainingLoop.WeightDecay(0.01, false), 1.0), new DistillOptions.Loss(mode, components, List.of(), 0.5, 5.0, 0.1, 0.1, 2),
                new DistillOptions.Schedule(false, null, "step", 4.0, 1.5), new DistillOptions.Run(false, 1, 0, false));
    }

    @Test
    void codeT5TokenizerTrainsEveryLossValidatesOnTheValidationFileAndWritesText() throws Exception {
        TextTokenizer t = TextTokenizer.load(codeT5);
        Path train = courseFile("distillation_data_training.jsonl", examples.subList(0, 8), t, "training");
        Path valid = courseFile("distillation_data_validation.jsonl", examples.subList(60, 64), t, "validation");
        RunDirectory run = RunDirectory.create("kd-distill", dir.resolve("run-codet5"), List.of("test"), Map.of(), List.of());
        var result = Distiller.run(options(train, valid, codeT5, "multi_component", EVERY_COMPONENT), run, CharTrigramEmbedder::new);

        assertThat(result.evaluatedOn()).isEqualTo("validation set");
        assertThat(result.finalMetrics().examples()).isEqualTo(4);
        var steps = CsvTable.read(run.file("step_metrics.csv"));
        assertThat(steps.rows()).hasSize(2);
        for (String c : EVERY_COMPONENT) {
            for (var row : steps.rows()) assertThat(Double.parseDouble(row.get(c + "_loss_raw"))).as(c).isFinite();
        }
        var report = Json.readTree(run.file("training_report.json"));
        assertThat(report.get("student").get("tokenizer").asText()).isEqualTo("Hugging Face BPE");
        assertThat(report.get("student").get("vocab").asInt()).isEqualTo(t.vocabSize());
        assertThat(Json.readTree(run.file("epoch_1_summary.json")).has("validation")).isTrue();

        List<String> validIds = examples.subList(60, 64).stream().map(AssertionExample::id).toList();
        var predictions = Files.readAllLines(run.file("predictions_final.jsonl"));
        assertThat(predictions).hasSize(4).allSatisfy(line -> {
            var p = Json.MAPPER.readTree(line);
            assertThat(p.get("id").asText()).isIn(validIds);
            assertThat(p.get("predicted_assertions").asText()).as("text, not a string of token ids").doesNotMatch("\\d+( \\d+)*");
        });
        assertThat(Files.readAllBytes(run.file("final_model/tokenizer.json"))).isEqualTo(Files.readAllBytes(codeT5));
        var model = dev.retort.kd.model.Seq2SeqModel.load(run.file("final_model"));
        assertThat(ExampleEncoder.forModel(run.file("final_model"), model.config()).tokenizer()).isInstanceOf(HfTokenizer.class);
        AssertionExample first = examples.get(60);
        assertThat(AssertionGenerator.load(run.file("final_model")).generate(first.testMethodMasked(), first.focalMethod(), 1)).isNotNull();
    }

    @Test
    void miniLmWordPieceTokenizerTrainsAndValidates() {
        assertRunsWith(TokenizerFiles.miniLm(dir), "traditional");
    }

    @Test
    void t5ShapedUnigramTokenizerTrainsTheSequenceLevelTerms() {
        List<String> corpus = examples.stream().map(AssertionExample::target).toList();
        var row = assertRunsWith(TokenizerFiles.unigram(dir, corpus, List.of("assertEquals", "assertTrue")), "ast_enhanced");
        assertThat(Double.parseDouble(row.get("pans_loss_raw"))).isBetween(0.0, 1.0);
        assertThat(Double.parseDouble(row.get("ast_loss_raw"))).isBetween(0.0, 1.0);
    }

    /** One epoch on two course records, validated on two others; returns the first row of step_metrics.csv. */
    private static Map<String, String> assertRunsWith(Path tokenizer, String mode) {
        HfTokenizer t = HfTokenizer.load(tokenizer);
        Path train = courseFile("train-" + t.modelType() + ".jsonl", examples.subList(0, 2), t, "training");
        Path valid = courseFile("valid-" + t.modelType() + ".jsonl", examples.subList(60, 62), t, "validation");
        RunDirectory run = RunDirectory.create("kd-distill", dir.resolve("run-" + t.modelType()), List.of("test"), Map.of(), List.of());
        var result = Distiller.run(options(train, valid, tokenizer, mode, List.of()), run, CharTrigramEmbedder::new);
        assertThat(result.evaluatedOn()).isEqualTo("validation set");
        assertThat(result.finalMetrics().examples()).isEqualTo(2);
        return CsvTable.read(run.file("step_metrics.csv")).rows().getFirst();
    }

    @Test
    void aTokenizerWhoseSizeIsNotTheFilesVocabularyIsRefusedNamingFileAndField() throws Exception {
        Path train = courseFile("distillation_data_training-v.jsonl", examples.subList(0, 4), TextTokenizer.load(codeT5), "training");
        Path miniLm = TokenizerFiles.miniLm(Files.createDirectories(dir.resolve("other")));
        RunDirectory run = RunDirectory.create("kd-distill", dir.resolve("run-mismatch"), List.of("test"), Map.of(), List.of());
        assertThatThrownBy(() -> Distiller.run(options(train, null, miniLm, "traditional", List.of()), run, CharTrigramEmbedder::new))
                .isInstanceOf(BadInputException.class).hasMessageContaining(train.toString())
                .hasMessageContaining("compressed_logits.shape[2]").hasMessageContaining("V = " + TextTokenizer.load(codeT5).vocabSize())
                .hasMessageContaining("30522");
    }
}
