package dev.retort.kd.logits;

import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TeacherLogitsTest {

    static double[] softmax(float[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : row) max = Math.max(max, x);
        double sum = 0;
        double[] p = new double[row.length];
        for (int i = 0; i < row.length; i++) sum += p[i] = Math.exp(row[i] - max);
        for (int i = 0; i < row.length; i++) p[i] /= sum;
        return p;
    }

    @Property(tries = 50)
    void topKKeepsTheBestIdsAndTheRemainingMass(@ForAll @IntRange(min = 1, max = 40) int v, @ForAll @IntRange(min = 1, max = 45) int k,
                                               @ForAll @IntRange(min = 0, max = 1000) int seed) {
        TeacherLogits.Dense dense = CourseFormatTest.randomLogits("x", 3, v, seed);
        TeacherLogits.TopK top = dense.topK(k);
        int kk = Math.min(k, v);
        assertThat(top.k()).isEqualTo(kk);
        for (int t = 0; t < 3; t++) {
            double[] p = softmax(dense.row(t));
            double kept = 0;
            for (int j = 0; j < kk; j++) {
                int id = top.ids()[t * kk + j];
                kept += p[id];
                if (j > 0) assertThat(top.logits()[t * kk + j]).isLessThanOrEqualTo(top.logits()[t * kk + j - 1]);
            }
            float kth = top.logits()[t * kk + kk - 1];
            long better = 0;
            for (float x : dense.row(t)) if (x > kth) better++;
            assertThat(better).isLessThan(kk);
            if (kk < v) assertThat(Math.exp(top.logRest()[t])).isCloseTo(1 - kept, within(1e-5));
            else assertThat(top.logRest()[t]).isEqualTo(Float.NEGATIVE_INFINITY);
            // the dense view of the top-K keeps the probabilities of the top ids and the tail's total mass
            double[] q = softmax(top.row(t));
            for (int j = 0; j < kk; j++) assertThat(q[top.ids()[t * kk + j]]).isCloseTo(p[top.ids()[t * kk + j]], within(1e-5));
        }
    }

    @Property(tries = 30)
    void shrinkingKMatchesComputingItDirectly(@ForAll @IntRange(min = 2, max = 30) int v, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        TeacherLogits.Dense dense = CourseFormatTest.randomLogits("x", 2, v, seed);
        TeacherLogits.TopK direct = dense.topK(v / 2 + 1), viaLarger = dense.topK(v).topK(v / 2 + 1);
        assertThat(viaLarger.ids()).containsExactly(direct.ids());
        for (int t = 0; t < 2; t++) assertThat(viaLarger.logRest()[t]).isCloseTo(direct.logRest()[t], within(1e-4f));
    }

    @Test
    void topKFileRoundTripsAtFloat16Precision(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path file = dir.resolve("topk.jsonl");
        TeacherLogits.Dense a = CourseFormatTest.randomLogits("a", 6, 300, 7);
        TeacherLogits.Dense big = CourseFormatTest.randomLogits("b", 2, 70_000, 8);
        try (TeacherLogitsWriter w = TopKFormat.writer(file, 8, "training", "retort-teacher")) {
            w.write(CourseFormatTest.example("a", a));
            w.write(CourseFormatTest.example("b", big));
            w.commit();
        }
        List<TeacherExample> read = TeacherLogitsReader.readAll(file, BadRecords.failFast());
        for (int i = 0; i < 2; i++) {
            TeacherLogits.TopK expected = (i == 0 ? a : big).topK(8), got = (TeacherLogits.TopK) read.get(i).logits();
            assertThat(got.ids()).containsExactly(expected.ids());
            assertThat(got.logRest()).containsExactly(expected.logRest());
            for (int j = 0; j < got.logits().length; j++) assertThat(got.logits()[j]).isCloseTo(expected.logits()[j], within(0.01f));
            assertThat(got.vocabSize()).isEqualTo(i == 0 ? 300 : 70_000);
        }
        assertThat(read.get(0).example().assertions()).containsExactly("assertEquals(1, f());", "assertTrue(true);");
    }

    @Test
    void badTopKRecordsAreNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        var rec = Json.object();
        rec.put("focal_method", "f").put("test_method_masked", "t").putArray("assertions").add("a");
        rec.set("topk_logits", TopKFormat.encode(CourseFormatTest.randomLogits("x", 2, 10, 1).topK(3)));
        Path file = dir.resolve("bad.jsonl");
        ((com.fasterxml.jackson.databind.node.ObjectNode) rec.get("topk_logits")).put("k", 4);
        Files.writeString(file, Json.toJson(rec) + "\n");
        assertThatThrownBy(() -> TeacherLogitsReader.readAll(file, BadRecords.failFast()))
                .isInstanceOf(BadInputException.class).hasMessageContaining(":1: field 'topk_logits.ids'").hasMessageContaining("holds 12 bytes");
    }
}
