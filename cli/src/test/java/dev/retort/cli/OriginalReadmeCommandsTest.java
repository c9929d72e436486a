package dev.retort.cli;

import dev.retort.core.Engine;
import dev.retort.core.io.CsvTable;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.logits.CourseFormat;
import dev.retort.kd.logits.TeacherExample;
import dev.retort.kd.logits.TeacherLogits;
import dev.retort.text.tokenize.TextTokenizer;
import dev.retort.text.tokenize.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.retort.cli.CliHonestyTest.retort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The example command lines of the original Python pipeline's README (github.com/yobylgu/distillation_pipeline), run as
 * {@code retort kd distill} with their own options and values: only {@code python knowledge_distillation.py} becomes
 * {@code retort kd distill}, the data paths point at course files written here, and {@code --tokenizer} names the
 * teacher's tokenizer.json (the original takes CodeT5's from {@code --model_name}; retort cannot download it). Each must
 * train, validate on the validation file and write the original's step_metrics.csv; the dynamic-weighting ones must
 * move their weights along the original's schedules. The same command lines also run on mined data with a teacher
 * model ({@code --teacher-model-path}) in place of the course file's stored logits.
 */
class OriginalReadmeCommandsTest {
    @TempDir
    static Path dir;
    static Path train, valid, tokenizer;

    /** Twelve small test methods in the course files' shape: focal method, masked test, one assertion. */
    static List<AssertionExample> examples() {
        List<AssertionExample> out = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String focal = "public int f" + i + "(int a) { return a + " + i + "; }";
            String test = "@Test public void testF" + i + "() { int r = obj.f" + i + "(1);\n " + AssertionExample.PLACEHOLDER + "\n }";
            out.add(new AssertionExample("ex" + i, focal, test, List.of("assertEquals(" + (1 + i) + ", r);"), null, null, null, focal));
        }
        return out;
    }

    /** A course file as the original's teacher script writes one: the labels' logits highest, three padded positions. */
    static Path courseFile(String name, List<AssertionExample> records, TextTokenizer t, String datasetType) {
        Path file = dir.resolve(name);
        try (var w = CourseFormat.writer(file, 4, datasetType, "codet5")) {
            for (AssertionExample e : records) {
                int[] target = t.encodeTarget(e.target());
                int[] labels = Arrays.copyOf(target, target.length + 1);
                labels[target.length] = t.eos();
                float[][] rows = new float[labels.length + 3][t.vocabSize()];
                for (int p = 0; p < labels.length; p++) rows[p][labels[p]] = 8;
                w.write(new TeacherExample(e, e.target(), TeacherLogits.Dense.of(e.id(), rows)));
            }
            w.commit();
        }
        return file;
    }

    @BeforeAll
    static void files() {
        Engine.get();
        List<AssertionExample> all = examples();
        List<String> corpus = new ArrayList<>();
        for (AssertionExample e : all) corpus.addAll(List.of(e.input("\n"), e.target()));
        tokenizer = dir.resolve("tokenizer.json");
        Tokenizer.train(corpus, 300).save(tokenizer);
        TextTokenizer t = Tokenizer.load(tokenizer);
        train = courseFile("distillation_data_training.jsonl", all.subList(0, 8), t, "training");
        valid = courseFile("distillation_data_validation.jsonl", all.subList(8, 12), t, "validation");
    }

    /** The README's command line after {@code python knowledge_distillation.py}, with this test's paths. */
    private static Path run(String name, List<String> originalOptions) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("kd", "distill", "--train_data_path", train.toString(), "--val_data_path", valid.toString(),
                "--output_dir", out.toString()));
        args.addAll(originalOptions);
        args.addAll(List.of("--tokenizer", tokenizer.toString(), "--quiet"));
        var r = retort(args.toArray(String[]::new));
        assertThat(r.exit()).as(name + ": " + r.err()).isZero();
        assertThat(r.err()).doesNotContain("Unknown option");
        assertThat(out.resolve("final_model")).isDirectory();
        assertThat(out.resolve("step_metrics.csv")).isRegularFile();
        return out;
    }

    private static CsvTable steps(Path run) {
        return CsvTable.read(run.resolve("step_metrics.csv"));
    }

    private static double[] column(CsvTable t, String name) {
        assertThat(t.columns()).contains(name);
        return java.util.stream.IntStream.range(0, t.rows().size()).mapToDouble(i -> t.number(i, name)).toArray();
    }

    @Test
    void quickStartTridentAndTraditionalTrain() {
        Path trident = run("trident_run", README_COMMANDS.get(0));
        assertThat(steps(trident).columns()).contains("focal_loss_raw", "jsd_loss_raw", "semantic_loss_raw", "total_loss_weighted",
                "grad_norm_total", "learning_rate");
        Path traditional = run("traditional_run", README_COMMANDS.get(1));
        assertThat(steps(traditional).columns()).contains("total_loss_raw", "alpha", "temperature");
    }

    @Test
    void advancedTridentProductionMovesTheTridentWeightsFromStartToEnd() {
        Path out = run("trident_production", README_COMMANDS.get(2));
        CsvTable s = steps(out);
        double[] focal = column(s, "focal_weight"), semantic = column(s, "semantic_weight");
        assertThat(focal[0]).isCloseTo(0.4, within(0.02));               // the Trident schedule: focal .4 → .3, semantic .1 → .35
        assertThat(focal[focal.length - 1]).isLessThan(focal[0]);
        assertThat(semantic[semantic.length - 1]).isGreaterThan(semantic[0]);
        // batch 4 × 8 accumulation steps, but an epoch holds only the 8 training examples: each update saw 8
        assertThat(column(s, "effective_batch_size")).containsOnly(8.0);
    }

    @Test
    void legacyMultiComponentStartsAtTheGivenWeightsAndTheExampleUsageFollowsTheLegacySchedule() {
        Path legacy = run("legacy_advanced", README_COMMANDS.get(3));
        CsvTable s = steps(legacy);
        assertThat(column(s, "ce_weight")).containsOnly(0.4);              // no --enable_dynamic_weighting: the given weights stay
        assertThat(column(s, "ast_weight")).containsOnly(0.1);

        Path usage = run("distillation_run", README_COMMANDS.get(4));
        CsvTable u = steps(usage);
        double[] ce = column(u, "ce_weight"), ast = column(u, "ast_weight");
        assertThat(ce[0]).isCloseTo(0.6, within(0.05));                    // the legacy schedule: ce .6 → .4, ast 0 → .1
        assertThat(ce[ce.length - 1]).isLessThan(ce[0]);
        assertThat(ast[ast.length - 1]).isGreaterThan(ast[0]);
    }

    /** A tiny teacher trained by `retort kd train-teacher` on mined-format files, with these source/target lengths. */
    private static Path teacher(String name, Path minedTrain, Path minedValid, int inputLen, int outputLen) {
        Path out = dir.resolve(name);
        var r = retort("kd", "train-teacher", "--train", minedTrain.toString(), "--valid", minedValid.toString(), "--preset", "tiny",
                "--epochs", "1", "--vocab-size", "300", "--max-input-len", String.valueOf(inputLen), "--max-output-len",
                String.valueOf(outputLen), "--output-dir", out.toString(), "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        return out.resolve("best");
    }

    /** The README's Quick Start, Advanced, Legacy multi-component and Example Usage options, without the data paths. */
    static final List<List<String>> README_COMMANDS = List.of(
            List.of("--max_train_samples", "1000", "--max_val_samples", "200", "--batch_size", "4", "--epochs", "5",
                    "--loss_function", "multi_component"),
            List.of("--max_train_samples", "1000", "--max_val_samples", "200", "--batch_size", "4", "--epochs", "5",
                    "--loss_function", "traditional"),
            List.of("--max_train_samples", "10000", "--max_val_samples", "1000", "--batch_size", "4", "--gradient_accumulation_steps", "8",
                    "--epochs", "10", "--lr", "2e-5", "--warmup_steps", "0", "--weight_decay", "0.01", "--loss_function", "multi_component",
                    "--enable_dynamic_weighting", "--use_enhanced_metrics"),
            List.of("--max_train_samples", "10000", "--max_val_samples", "1000", "--batch_size", "4", "--gradient_accumulation_steps", "8",
                    "--epochs", "10", "--lr", "2e-5", "--warmup_steps", "0", "--weight_decay", "0.01", "--loss_function", "multi_component",
                    "--loss_components", "ce", "kl", "pans", "ast", "--loss_weights", "0.4", "0.35", "0.15", "0.1", "--use_enhanced_metrics"),
            List.of("--max_train_samples", "1000", "--max_val_samples", "200", "--batch_size", "8", "--epochs", "5",
                    "--gradient_accumulation_steps", "2", "--lr", "2e-5", "--warmup_steps", "500", "--weight_decay", "0.01", "--alpha", "0.7",
                    "--temperature", "4.0", "--loss_function", "multi_component", "--loss_components", "ce", "kl", "pans", "ast",
                    "--enable_dynamic_weighting", "--dropout_rate", "0.1", "--use_enhanced_metrics", "--validation_frequency", "1",
                    "--max_input_len", "512", "--max_output_len", "128", "--model_name", "Salesforce/codet5p-220m"));

    @Test
    void everyReadmeCommandRunsOnMinedDataWithATeacherModelAndALengthTheTeacherCannotReadIsExit2() {
        List<AssertionExample> all = examples();
        Path minedTrain = dir.resolve("mined-train.jsonl"), minedValid = dir.resolve("mined-valid.jsonl");
        dev.retort.kd.data.AssertionDataset.write(minedTrain, all.subList(0, 8));
        dev.retort.kd.data.AssertionDataset.write(minedValid, all.subList(8, 12));

        // a teacher at train-teacher's default lengths (512 / 128, the original's too) reads the student's batches
        Path fits = teacher("teacher-default-lengths", minedTrain, minedValid, 512, 128);
        for (int c = 0; c < README_COMMANDS.size(); c++) {
            Path out = dir.resolve("mined_run_" + c);
            List<String> args = new ArrayList<>(List.of("kd", "distill", "--train_data_path", minedTrain.toString(), "--val_data_path",
                    minedValid.toString(), "--output_dir", out.toString(), "--teacher-model-path", fits.toString(), "--quiet"));
            args.addAll(README_COMMANDS.get(c));
            var r = retort(args.toArray(String[]::new));
            assertThat(r.exit()).as("README command " + c + ": " + r.err()).isZero();
            assertThat(out.resolve("final_model")).isDirectory();
            assertThat(steps(out).columns()).contains("total_loss_raw", "total_loss_weighted", "learning_rate");
        }

        // one trained on shorter inputs cannot score 512-token sources: exit 2 with the lengths to pass, no run directory
        Path shorter = teacher("teacher-short", minedTrain, minedValid, 128, 32);
        Path refused = dir.resolve("refused_run");
        List<String> args = new ArrayList<>(List.of("kd", "distill", "--train_data_path", minedTrain.toString(), "--output_dir",
                refused.toString(), "--teacher-model-path", shorter.toString(), "--quiet"));
        args.addAll(README_COMMANDS.getFirst());
        var bad = retort(args.toArray(String[]::new));
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--max-input-len 128 --max-output-len 32 or less").doesNotContain("internal failure");
        assertThat(refused).doesNotExist();
    }

    @Test
    void contrastiveTridentTrainsAndTheLossScalingAnalysisReadsTheRun() {
        Path out = run("contrastive_run", List.of("--loss_function", "multi_component", "--loss_components", "focal", "jsd", "semantic",
                "contrastive", "--enable_dynamic_weighting"));
        assertThat(steps(out).columns()).contains("contrastive_loss_raw", "contrastive_weight");
        var r = retort("kd", "analyse-loss-scaling", "--training-dir", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("semantic");
        assertThat(Stream.of("focal", "jsd", "contrastive")).allMatch(c -> r.out().contains(c));
        assertThat(Files.exists(out.resolve("tensorboard"))).isTrue();
    }
}
