package dev.retort.kd.teacher;

import dev.retort.core.Engine;
import dev.retort.core.io.BadRecords;
import dev.retort.core.tensor.Tensors;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.logits.CourseFormat;
import dev.retort.kd.logits.TeacherExample;
import dev.retort.kd.logits.TeacherLogitsReader;
import dev.retort.kd.logits.TeacherLogitsWriter;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.Seq2SeqModel;
import dev.retort.text.tokenize.Tokenizer;
import org.bytedeco.pytorch.NoGradGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What teacher-logits writes reads back, through kddata's reader, as the model's own teacher-forced values. */
class TeacherLogitsExportTest {
    @Test
    void courseFileHoldsTheTeacherForcedLogProbabilitiesOfEveryRealTargetPosition(@TempDir Path dir) {
        AssertionDataset.write(dir.resolve("d.jsonl"), List.of(
                new AssertionExample("a", "int add(int a, int b) { return a + b; }", "int r = c.add(1, 2);\n" + AssertionExample.PLACEHOLDER,
                        List.of("assertEquals(3, r);"), null, null, null, null),
                new AssertionExample("b", "int neg(int a) { return -a; }", "int r = c.neg(4);\n" + AssertionExample.PLACEHOLDER,
                        List.of("assertEquals(-4, r);", "assertTrue(r < 0);"), null, null, null, null)));
        List<AssertionExample> examples = AssertionDataset.read(dir.resolve("d.jsonl"), BadRecords.failFast());
        Tokenizer tokenizer = Tokenizer.train(examples.stream().flatMap(e -> java.util.stream.Stream.of(e.input("\n"), e.target())).toList(), 300);
        ExampleEncoder encoder = new ExampleEncoder(tokenizer, 63, 31);
        Seq2SeqModel teacher = Seq2SeqModel.create(encoder.config("tiny"));
        Path out = dir.resolve("logits.jsonl");
        try (TeacherLogitsWriter writer = CourseFormat.writer(out, 32, "training", "retort-tiny")) {
            TeacherLogitsExport.export(teacher, encoder, examples, writer, 2);
            writer.commit();
        }
        List<TeacherExample> read = TeacherLogitsReader.readAll(out, BadRecords.failFast());
        assertThat(read).hasSize(2);
        for (int i = 0; i < 2; i++) {
            ExampleEncoder.Encoded ids = encoder.encode(examples.get(i));
            assertThat(read.get(i).example().assertions()).isEqualTo(examples.get(i).assertions());
            assertThat(read.get(i).logits().length()).isEqualTo(ids.target().length + 1);
            assertThat(read.get(i).logits().vocabSize()).isEqualTo(tokenizer.vocabSize());
            float[] expected;
            try (var scope = Engine.step(); var noGrad = new NoGradGuard()) {
                expected = Tensors.toFloats(teacher.logits(teacher.batch(List.of(ids.source()), List.of(ids.target()))));
            }
            int v = tokenizer.vocabSize();
            for (int t = 0; t < ids.target().length + 1; t++) {
                float[] row = read.get(i).logits().row(t);
                for (int k = 0; k < v; k += 37) assertThat(row[k]).isCloseTo(expected[t * v + k], within(1e-4f));
            }
            // an untrained model runs to the length limit, so the cut-off last statement is dropped, as everywhere
            assertThat(read.get(i).predictedAssertions())
                    .isEqualTo(encoder.decodeGenerated(examples.get(i), teacher.generateGreedy(List.of(ids.source()), 32).getFirst(), 32));
        }
    }

    @Test
    void threadsSharingTheModelWriteTheSameFileAsOneThread(@TempDir Path dir) throws Exception {
        List<AssertionExample> examples = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) {
            examples.add(new AssertionExample("e" + i, "int f" + i + "(int a) { return a * " + i + "; }",
                    "int r = c.f" + i + "(" + (i + 2) + ");\n" + AssertionExample.PLACEHOLDER, List.of("assertEquals(" + (i * (i + 2)) + ", r);"),
                    null, null, null, null));
        }
        Tokenizer tokenizer = Tokenizer.train(examples.stream().flatMap(e -> java.util.stream.Stream.of(e.input("\n"), e.target())).toList(), 300);
        ExampleEncoder encoder = new ExampleEncoder(tokenizer, 63, 31);
        Seq2SeqModel teacher = Seq2SeqModel.create(encoder.config("tiny"));
        for (int threads : new int[]{1, 3}) {
            try (TeacherLogitsWriter writer = dev.retort.kd.logits.TopKFormat.writer(dir.resolve(threads + ".jsonl"), 8, "training", "retort-tiny")) {
                TeacherLogitsExport.export(teacher, encoder, examples, writer, 2, threads == 1, threads);
                writer.commit();
            }
        }
        List<TeacherExample> one = TeacherLogitsReader.readAll(dir.resolve("1.jsonl"), BadRecords.failFast());
        List<TeacherExample> three = TeacherLogitsReader.readAll(dir.resolve("3.jsonl"), BadRecords.failFast());
        assertThat(three.stream().map(r -> r.example().id()).toList()).as("input order").isEqualTo(one.stream().map(r -> r.example().id()).toList());
        for (int i = 0; i < one.size(); i++) {
            for (int t = 0; t < one.get(i).logits().length(); t++) {
                assertThat(three.get(i).logits().row(t)).as("record %d position %d", i, t).containsExactly(one.get(i).logits().row(t));
            }
        }
    }
}
