package dev.retort.kd.pretrain;

import dev.retort.kd.train.Seq2SeqTrainingLoop;
import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.run.RunDirectory;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.teacher.TeacherTrainer;
import dev.retort.text.tokenize.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PretrainerTest {
    static final String ARTIFACT = "org.example:demo:1.0";
    @TempDir
    static Path shared;
    static PretrainCorpus.SourceJars jars;
    static Path pretrained;
    static Pretrainer.Result pretrainedResult;

    /** 60 small classes with getters, setters and arithmetic: Java-like text with structure to learn. */
    @BeforeAll
    static void pretrainATinyModel() throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        String[] ops = {"+", "-", "*"};
        for (int i = 0; i < 60; i++) {
            files.put("demo/Calc" + i + ".java", "package demo;\n\npublic class Calc" + i + " {\n    private int value;\n\n"
                    + "    public int getValue() {\n        return value;\n    }\n\n    public void setValue(int v) {\n        this.value = v;\n    }\n\n"
                    + "    public int apply(int a, int b) {\n        return a " + ops[i % 3] + " b + " + i + ";\n    }\n}\n");
        }
        jars = new PretrainCorpusTest.FixtureJars(Map.of(ARTIFACT, PretrainCorpusTest.folder(shared.resolve("demo"), files)), Map.of());
        pretrained = shared.resolve("pretrained");
        pretrainedResult = run(pretrained, options(40, 0, false));
    }

    static Pretrainer.Options options(int maxSteps, int stopAfter, boolean resume) {
        return new Pretrainer.Options(new Pretrainer.Corpus(List.of(ARTIFACT), List.of(), 0.1, 64), new Pretrainer.Model("tiny", null, 400, 64, 16),
                new Seq2SeqTrainingLoop.Schedule(100, 8, 1, 3e-3, 2, maxSteps, 5, stopAfter), 0.01, resume);
    }

    static Pretrainer.Result run(Path dir, Pretrainer.Options o) {
        RunDirectory run = RunDirectory.create("kd", dir, List.of("test"), Map.of(), List.of());
        return new Pretrainer(o, run, jars).train();
    }

    @Test
    void heldOutLossDropsAndTheRunWritesItsFiles() {
        Pretrainer.Result r = pretrainedResult;
        assertThat(r.finished()).isTrue();
        assertThat(r.steps()).isEqualTo(40);
        assertThat(r.files()).isEqualTo(60);
        assertThat(r.bestHeldOutLoss()).as("held-out loss after 40 steps vs the fresh model's").isLessThan(0.8 * r.initialHeldOutLoss());
        for (String f : List.of("run.json", "corpus_report.json", "corpus/train.jsonl", "corpus/held_out.jsonl", "tokenizer.json",
                "checkpoint/state.json", "checkpoint/optimizer.pt", "best/config.json", "best/model.safetensors", "best/tokenizer.json",
                "metrics.csv", "loss.png", "report.html", "result.json")) {
            assertThat(pretrained.resolve(f)).as(f).isRegularFile();
        }
        assertThat(Json.readTree(pretrained.resolve("corpus_report.json")).at("/corpus/testSourcesRead").asBoolean(true)).isFalse();
        assertThat(Tokenizer.load(pretrained.resolve("tokenizer.json")).sentinelCount()).isEqualTo(Pretrainer.SENTINELS);
    }

    @Test
    void resumeAfterStopAfterEndsBitForBitWhereAnUninterruptedRunEnds(@TempDir Path dir) throws IOException {
        Path whole = dir.resolve("whole"), split = dir.resolve("split");
        run(whole, options(8, 0, false));
        assertThat(run(split, options(8, 3, false)).finished()).isFalse();
        assertThat(Json.readTree(split.resolve("checkpoint/state.json")).get("step").asLong()).isEqualTo(3);
        Pretrainer.Result resumed = run(split, options(8, 0, true));
        assertThat(resumed.finished()).isTrue();
        assertThat(resumed.steps()).isEqualTo(8);
        assertThat(Files.readAllBytes(split.resolve("checkpoint/model.safetensors")))
                .isEqualTo(Files.readAllBytes(whole.resolve("checkpoint/model.safetensors")));
        assertThat(Files.readAllBytes(split.resolve("best/model.safetensors")))
                .isEqualTo(Files.readAllBytes(whole.resolve("best/model.safetensors")));
    }

    @Test
    void trainTeacherInitFromFineTunesThePretrainedModelWithItsTokenizer(@TempDir Path dir) throws IOException {
        List<AssertionExample> examples = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String test = "@Test\npublic void testApply" + i + "() {\n    int r = calc.apply(" + i + ", 2);\n    " + AssertionExample.PLACEHOLDER + "\n}";
            examples.add(new AssertionExample("ex" + i, "public int apply(int a, int b) {\n    return a + b;\n}", test,
                    List.of("assertEquals(" + (i + 2) + ", r);"), null, null, null, null));
        }
        Path train = dir.resolve("train.jsonl"), valid = dir.resolve("valid.jsonl");
        AssertionDataset.write(train, examples.subList(0, 6));
        AssertionDataset.write(valid, examples.subList(6, 8));
        Path tuned = dir.resolve("tuned");
        TeacherTrainer.Result r = teacher(tuned, train, valid, null);
        assertThat(r.finished()).isTrue();
        assertThat(Files.readAllBytes(tuned.resolve("tokenizer.json"))).as("the pretrained model's own tokenizer")
                .isEqualTo(Files.readAllBytes(pretrained.resolve("best/tokenizer.json")));

        Path other = dir.resolve("other-tokenizer.json");
        Tokenizer.train(List.of("int r = calc.apply(1, 2);"), 400, Pretrainer.SENTINELS).save(other);
        assertThatThrownBy(() -> teacher(dir.resolve("mismatch"), train, valid, other)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("another vocabulary");
    }

    static TeacherTrainer.Result teacher(Path dir, Path train, Path valid, Path tokenizer) {
        var o = new TeacherTrainer.Options(new TeacherTrainer.Model("tiny", null, tokenizer, 400, -1, false, pretrained),
                new TeacherTrainer.Input(64, 16, true, false, false),
                new Seq2SeqTrainingLoop.Schedule(10, 4, 1, 1e-3, 1, 2, 2, 0), new Seq2SeqTrainingLoop.WeightDecay(0.01, false), 0, 2, 0, TeacherTrainer.Keep.BEST, 1, false);
        RunDirectory run = RunDirectory.create("kd", dir, List.of("test"), Map.of(), List.of(train, valid));
        return new TeacherTrainer(o, run).train(train, valid, BadRecords.failFast());
    }
}
