package dev.retort.kd.teacher;

import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.model.AssertionGenerator;
import dev.retort.kd.train.Seq2SeqTrainingLoop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TeacherTrainerTest {
    @TempDir
    static Path data;
    static Path train, valid;

    /** Small arithmetic-style tests: the assertion repeats identifiers and values from the masked test. */
    @BeforeAll
    static void writeData() {
        List<AssertionExample> examples = new ArrayList<>();
        String[] ops = {"add", "sub", "max", "min"};
        for (int i = 0; i < 16; i++) {
            String op = ops[i % 4];
            String test = "@Test\npublic void test" + op + i + "() {\n    int r = calc." + op + "(" + i + ", 2);\n    "
                    + AssertionExample.PLACEHOLDER + "\n}";
            String focal = "public int " + op + "(int a, int b) {\n    return a " + (i % 2 == 0 ? "+" : "-") + " b;\n}";
            examples.add(new AssertionExample("ex" + i, focal, test, List.of("assertEquals(" + i + ", r);"), null, null, null, null));
        }
        train = data.resolve("train.jsonl");
        valid = data.resolve("valid.jsonl");
        AssertionDataset.write(train, examples.subList(0, 12));
        AssertionDataset.write(valid, examples.subList(12, 16));
    }

    static TeacherTrainer.Options options(int maxSteps, int stopAfter, boolean resume) {
        return options(maxSteps, stopAfter, resume, null, 3e-3);
    }

    static TeacherTrainer.Options options(int maxSteps, int stopAfter, boolean resume, Path initFrom, double lr) {
        return options(maxSteps, stopAfter, resume, initFrom, lr, 1);
    }

    static TeacherTrainer.Options options(int maxSteps, int stopAfter, boolean resume, Path initFrom, double lr, int workers) {
        return options(new TeacherTrainer.Model("tiny", null, null, 300, -1, false, initFrom), INPUT, maxSteps, stopAfter, resume, lr, workers);
    }

    /** Sources of 63 tokens with retrieval, targets of 31, names as text, no focal signatures. */
    static final TeacherTrainer.Input INPUT = new TeacherTrainer.Input(63, 31, true, false, false);

    static TeacherTrainer.Options options(TeacherTrainer.Model model, TeacherTrainer.Input input, int maxSteps, int stopAfter, boolean resume,
                                          double lr, int workers) {
        return new TeacherTrainer.Options(model, input, new Seq2SeqTrainingLoop.Schedule(100, 4, 2, lr, 2, maxSteps, 3, stopAfter), new Seq2SeqTrainingLoop.WeightDecay(0.01, false), 0, 4,
                0, TeacherTrainer.Keep.BEST, workers, resume);
    }

    @Test
    void keepLastHandsOnTheModelOfTheLastStep(@TempDir Path dir) throws Exception {
        TeacherTrainer.Result r = run(dir, options(5, 0, false).withRun(4, 3, TeacherTrainer.Keep.LAST, 1, false));
        assertThat(r.teacher().name()).contains("last step");
        assertThat(r.validExamples()).as("--final-examples 3 of the 4").isEqualTo(3);
        assertThat(Files.readAllBytes(dir.resolve("best/model.safetensors")))
                .as("best/ holds the weights of the last step, as checkpoint/ does")
                .isEqualTo(Files.readAllBytes(dir.resolve("checkpoint/model.safetensors")));
        var runJson = Json.readTree(dir.resolve("run.json"));
        for (String model : List.of("best", "checkpoint")) {
            var provenance = Json.readTree(dir.resolve(model).resolve(dev.retort.core.run.Provenance.FILE));
            assertThat(provenance.path("inputs")).as(model + "/ carries the run's input hashes").isEqualTo(runJson.path("inputs"));
            assertThat(provenance.path("config")).as(model + "/ carries the run's options").isEqualTo(runJson.path("config"));
        }
    }

    /**
     * A barely trained model's text does not parse, so a user is handed the nearest training example's assertion and
     * told so; the raw text is kept to show.
     */
    @Test
    void anAnswerSaysWhenItIsTheRetrievedNeighbour(@TempDir Path dir) throws Exception {
        run(dir, options(1, 0, false));
        var generator = dev.retort.kd.model.AssertionGenerator.load(dir);
        AssertionExample example = AssertionDataset.read(valid, dev.retort.core.io.BadRecords.failFast()).get(1);
        var answer = generator.answer(example.testMethodMasked(), example.focalMethod(), 1);
        assertThat(new dev.retort.text.metrics.AstValidity().validLines(answer.raw())).as("one step of training writes no statement").isEmpty();
        assertThat(answer.fromNeighbour()).isTrue();
        assertThat(answer.text()).as("the neighbour, what checkedOutput gives for no valid line").isNotBlank()
                .isEqualTo(generator.encoder().checkedOutput(example, "", new dev.retort.text.metrics.AstValidity()));
    }

    @Test
    void twoMicroBatchesOnTwoReplicasGiveTheSameWeightsAsOneAfterTheOther(@TempDir Path dir) throws Exception {
        Path one = dir.resolve("one"), two = dir.resolve("two");
        run(one, options(6, 0, false, null, 3e-3, 1));
        run(two, options(6, 0, false, null, 3e-3, 2));
        assertThat(Files.readAllBytes(two.resolve("checkpoint/model.safetensors")))
                .as("gradient accumulation over 2 micro-batches, run on 2 threads, is bit-exact")
                .isEqualTo(Files.readAllBytes(one.resolve("checkpoint/model.safetensors")));
        assertThat(Files.readString(two.resolve("metrics.csv"))).contains("train/loss");
    }

    /** --abstract-identifiers: the tokenizer gets the placeholders, the model keeps the abstraction, its text gets the names back. */
    @Test
    void aModelTrainedOnAbstractedIdentifiersKeepsItsAbstractionAndWritesNames(@TempDir Path dir) throws Exception {
        var model = new TeacherTrainer.Model("tiny", null, null, 400, -1, false, null);
        run(dir, options(model, INPUT.withIdentifiers(true), 4, 0, false, 3e-3, 1));
        AssertionGenerator generator = AssertionGenerator.load(dir);
        var identifiers = generator.encoder().identifiers();
        assertThat(identifiers).isNotNull();
        assertThat(identifiers.kept()).contains("assertEquals", "r");
        var tokenizer = (dev.retort.text.tokenize.Tokenizer) generator.encoder().tokenizer();
        assertThat(tokenizer.sentinelCount()).isEqualTo(dev.retort.kd.model.IdentifierAbstraction.DEFAULT_SLOTS);
        for (AssertionExample e : AssertionDataset.read(valid, BadRecords.failFast())) {
            int[] target = generator.encoder().target(e);
            assertThat(java.util.Arrays.stream(target).anyMatch(tokenizer::isSpecial)).as("r is kept: frequent in the targets").isFalse();
            AssertionExample renamed = new AssertionExample(e.id(), e.focalMethod(), e.testMethodMasked().replace(" r ", " rr "),
                    List.of(e.target().replace(" r)", " rr)")), null, null, null, null);
            int[] abstracted = generator.encoder().target(renamed);
            assertThat(java.util.Arrays.stream(abstracted).filter(tokenizer::isSpecial).count()).as("rr is the example's own name").isEqualTo(1);
            assertThat(generator.encoder().decodeGenerated(renamed, abstracted, 32)).isEqualTo(renamed.target());
        }
    }

    static TeacherTrainer.Result run(Path dir, TeacherTrainer.Options o) {
        RunDirectory run = RunDirectory.create("kd", dir, List.of("test"), java.util.Map.of(), List.of(train, valid));
        return new TeacherTrainer(o, run).train(train, valid, BadRecords.failFast());
    }

    @Test
    void writesBestModelCheckpointMetricsAndReport(@TempDir Path dir) throws Exception {
        TeacherTrainer.Result result = run(dir, options(6, 0, false));
        assertThat(result.finished()).isTrue();
        assertThat(result.steps()).isEqualTo(6);
        for (String f : List.of("run.json", "tokenizer.json", "best/config.json", "best/model.safetensors", "best/tokenizer.json",
                "best/memory.jsonl", "checkpoint/memory.jsonl", "checkpoint/optimizer.pt", "checkpoint/state.json", "metrics.csv", "report.html", "result.json", "valid_predictions.jsonl")) {
            assertThat(dir.resolve(f)).as(f).isRegularFile();
        }
        assertThat(Json.readTree(dir.resolve("checkpoint/state.json")).get("step").asLong()).isEqualTo(6);
        assertThat(Files.readString(dir.resolve("metrics.csv"))).contains("train/loss", "valid/exact_match", "valid/bleu");
        assertThat(result.baselines()).hasSize(3);
        assertThat(Files.readAllLines(dir.resolve("valid_predictions.jsonl"))).hasSize(4);
        assertThat(AssertionGenerator.load(dir).encoder().memory().size()).as("the training split is the model's memory").isEqualTo(12);
    }

    @Test
    void generatorGivesTheCheckedGreedyOutputOfTheTrainedModelWithEitherDecoder(@TempDir Path dir) {
        run(dir, options(6, 0, false));
        AssertionGenerator generator = AssertionGenerator.load(dir);
        AssertionExample query = AssertionDataset.read(valid, BadRecords.failFast()).getFirst();
        AssertionExample input = new AssertionExample("input", query.focalMethod(), query.testMethodMasked(), List.of(), null, null, null, null);
        int maxLen = generator.encoder().maxOutputLen() + 1;
        int[] libtorch = generator.model().generateGreedy(List.of(generator.encoder().source(input)), maxLen).getFirst();
        String expected = generator.encoder().checkedOutput(input, generator.encoder().decodeGenerated(input, libtorch, maxLen),
                new dev.retort.text.metrics.AstValidity());
        assertThat(generator.generate(query.testMethodMasked(), query.focalMethod(), 1)).isEqualTo(expected);
        var syntax = new dev.retort.text.metrics.AstValidity();
        assertThat(generator.generate(query.testMethodMasked(), query.focalMethod(), 2).lines()).allMatch(syntax::isValid);
    }

    @Test
    void resumedRunContinuesFromTheSavedStepAndEndsWhereAnUninterruptedRunEnds(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), split = dir.resolve("split");
        run(whole, options(6, 0, false));
        TeacherTrainer.Result first = run(split, options(6, 4, false));
        assertThat(first.finished()).isFalse();
        assertThat(Json.readTree(split.resolve("checkpoint/state.json")).get("step").asLong()).isEqualTo(4);
        TeacherTrainer.Result resumed = run(split, options(6, 0, true));
        assertThat(resumed.finished()).isTrue();
        assertThat(resumed.steps()).isEqualTo(6);
        // Only steps 5 and 6 were logged by the resumed invocation, after the first one's 1..4.
        long lossRows = Files.readAllLines(split.resolve("metrics.csv")).stream().filter(l -> l.contains("train/loss")).count();
        assertThat(lossRows).isEqualTo(6);
        assertThat(Files.readAllBytes(split.resolve("checkpoint/model.safetensors")))
                .isEqualTo(Files.readAllBytes(whole.resolve("checkpoint/model.safetensors")));
    }

    @Test
    void initFromStartsFromTheGivenModelsWeightsAndRejectsAnotherShape(@TempDir Path dir) throws Exception {
        Path pretrained = dir.resolve("pretrained"), tuned = dir.resolve("tuned"), fresh = dir.resolve("fresh");
        run(pretrained, options(6, 0, false));
        run(tuned, options(1, 0, false, pretrained, 1e-9));
        run(fresh, options(1, 0, false, null, 1e-9));
        float[] start = firstParameter(pretrained), after = firstParameter(tuned.resolve("checkpoint")), scratch = firstParameter(fresh.resolve("checkpoint"));
        assertThat(maxAbsDiff(after, start)).as("one step at lr 1e-9 away from the pretrained weights").isLessThan(1e-6);
        assertThat(maxAbsDiff(scratch, start)).as("a fresh model is elsewhere").isGreaterThan(1e-3);

        var otherShape = options(new TeacherTrainer.Model("tiny", new int[]{16, 2, 1, 32}, null, 300, -1, false, pretrained), INPUT, 1, 0, false, 1e-3, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(dir.resolve("mismatch"), otherShape))
                .isInstanceOf(dev.retort.core.BadInputException.class).hasMessageContaining("that model was trained with");
    }

    static float[] firstParameter(Path modelDir) {
        var params = AssertionGenerator.load(modelDir).model().parameters();
        float[] values = dev.retort.core.tensor.Tensors.toFloats(params.get(0));
        java.lang.ref.Reference.reachabilityFence(params);
        return values;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        return max;
    }

    @Test
    void learningRateWarmsUpThenDecaysLinearlyToZero() {
        var schedule = options(10, 0, false).schedule();          // the schedule the trainer steps by
        assertThat(schedule.learningRate(0, 10)).isEqualTo(1.5e-3);
        assertThat(schedule.learningRate(1, 10)).isEqualTo(3e-3);
        assertThat(schedule.learningRate(6, 10)).isCloseTo(3e-3 * 4 / 8, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(schedule.learningRate(9, 10)).isCloseTo(3e-3 / 8, org.assertj.core.data.Offset.offset(1e-12));
    }
}
