package dev.retort.kd.evaluate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Two prediction files of 40 examples from 10 test methods, joined by id and compared on top-1 exact match. */
class PredictionComparisonTest {
    static final int N = 40;

    /** Example i is answered right (up to whitespace) where {@code right} holds; the raw answer is always wrong. */
    static Path predictions(Path dir, String name, IntPredicate right, boolean reversed) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String target = "assertEquals(" + i + ", f(x));";
            var e = new AssertionExample("ex" + i, "int f(int x) { return x; }", "void t() {\n    <AssertPlaceHolder>\n}", List.of(target),
                    null, null, null, null, "method" + i / 4, null);
            ObjectNode o = AssertionDataset.toJson(e);
            o.put("predicted_assertions", right.test(i) ? "  assertEquals(" + i + ",   f(x));\n" : "assertNull(x);");
            o.put("raw_predicted_assertions", "assertTrue(false);");
            lines.add(Json.MAPPER.writeValueAsString(o));
        }
        if (reversed) lines = lines.reversed();
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void countsWhatEachGetsRightAndPairsTheDifferenceOverTheSameExamples(@TempDir Path dir) throws IOException {
        Path a = predictions(dir, "a.jsonl", i -> i < 20, false), b = predictions(dir, "b.jsonl", i -> i < 10 || i >= 36, true);
        var r = PredictionComparison.compare(a, b, PredictionComparison.Answer.CHECKED, 7);
        assertThat(r.examples()).isEqualTo(N);
        assertThat(r.methods()).isEqualTo(10);
        assertThat(r.a().mean()).isCloseTo(0.5, within(1e-12));
        assertThat(r.b().mean()).isCloseTo(14.0 / N, within(1e-12));
        assertThat(r.aMinusB().mean()).isCloseTo(6.0 / N, within(1e-12));
        assertThat(r.onlyA()).isEqualTo(10);
        assertThat(r.onlyB()).isEqualTo(4);
        assertThat(r.aMinusB().low()).isLessThanOrEqualTo(r.aMinusB().mean());
        assertThat(r.aMinusB().high()).isGreaterThanOrEqualTo(r.aMinusB().mean());

        var raw = PredictionComparison.compare(a, b, PredictionComparison.Answer.RAW, 7);
        assertThat(raw.a().mean()).isZero();
        assertThat(raw.aMinusB().low()).isZero();
        assertThat(raw.aMinusB().high()).isZero();
        var same = PredictionComparison.compare(a, a, PredictionComparison.Answer.CHECKED, 7);
        assertThat(List.of(same.aMinusB().low(), same.aMinusB().high())).as("a model against itself").containsOnly(0.0);
    }

    @Test
    void filesOfOtherExamplesOrWithoutPredictionsAreRefusedByName(@TempDir Path dir) throws IOException {
        Path a = predictions(dir, "a.jsonl", i -> true, false);
        Path fewer = Files.write(dir.resolve("fewer.jsonl"), Files.readAllLines(a).subList(0, N - 1));
        assertThatThrownBy(() -> PredictionComparison.compare(a, fewer, PredictionComparison.Answer.CHECKED, 7))
                .isInstanceOf(BadInputException.class).hasMessageContaining(fewer + " has no example ex39");
        Path data = dir.resolve("data.jsonl");
        AssertionDataset.write(data, List.of(new AssertionExample("ex0", "f", "t", List.of("assertTrue(x);"), null, null, null, null)));
        assertThatThrownBy(() -> PredictionComparison.compare(data, a, PredictionComparison.Answer.CHECKED, 7))
                .isInstanceOf(BadInputException.class).hasMessageContaining(data + ":1").hasMessageContaining("predicted_assertions");
    }
}
