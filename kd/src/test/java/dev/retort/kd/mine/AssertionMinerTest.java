package dev.retort.kd.mine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Mines the small tree in src/test/resources/mine and checks every record and count. */
class AssertionMinerTest {
    static final Path SRC = Path.of("src/test/resources/mine/src"), TEST = Path.of("src/test/resources/mine/test");
    static final String OUTLINE = "package org.example;\n\npublic class Calculator {\n\n    private int memory;\n\n    public Calculator() {\n    }\n";
    static final String ADD = "public int add(int a, int b) {\n    return a + b;\n}";
    static final String DIVIDE = "public int divide(int a, int b) {\n    // integer division\n    return a / b;\n}";

    static AssertionExample expected(String testClass, String method, String focal, String masked, String... assertions) {
        return new AssertionExample("sample:org.example." + testClass + "#" + method, focal, masked, List.of(assertions), "sample",
                "org.example." + testClass, "org.example.Calculator", OUTLINE);
    }

    @Test
    void minesTheExactRecordsAndCounts(@TempDir Path out) {
        JsonNode report = AssertionMiner.mine(List.of(new AssertionMiner.Corpus("sample", SRC, TEST)), new AssertionMiner.Options(1, 120), out);

        List<AssertionExample> all = new ArrayList<>();
        Map<String, String> splitOfClass = new HashMap<>();
        for (String split : List.of("train", "valid", "test")) {
            for (AssertionExample e : AssertionDataset.read(out.resolve(split + ".jsonl"), BadRecords.failFast())) {
                all.add(e);
                assertThat(splitOfClass.putIfAbsent(e.testClass(), split)).as("split of %s", e.testClass()).isIn(null, split);
            }
        }
        assertThat(all).containsExactlyInAnyOrder(
                expected("CalculatorLegacyTest", "testDivide", DIVIDE,
                        "public void testDivide() {\nCalculator c = new Calculator();\nint q = c.divide(6, 3);\n// <ASSERTION_PLACEHOLDER>\n}",
                        "assertEquals(\"six by three\", 2, q);"),
                expected("CalculatorTest", "testAdd", ADD,
                        "@Test\nvoid testAdd() {\n    int r = calculator.add(1, 2);\n    // <ASSERTION_PLACEHOLDER>\n    // <ASSERTION_PLACEHOLDER>\n}",
                        "assertEquals(3, r);", "assertEquals(5, calculator.add(2, 3), \"two and three\");"),
                expected("CalculatorTest", "testDivideByZero", DIVIDE,
                        "@Test\nvoid testDivideByZero() {\n    // <ASSERTION_PLACEHOLDER>\n}",
                        "assertThrows(ArithmeticException.class, () -> calculator.divide(1, 0));"),
                expected("CalculatorTest", "checksEmptiness", "public static boolean isEmpty(String s) {\n    return s == null || s.isEmpty();\n}",
                        "@Test\nvoid checksEmptiness() {\n    boolean empty = Calculator.isEmpty(\"\");\n    // <ASSERTION_PLACEHOLDER>\n    // <ASSERTION_PLACEHOLDER>\n}",
                        "assertThat(empty).isTrue();", "org.hamcrest.MatcherAssert.assertThat(Calculator.isEmpty(\"x\"), is(false));"));

        JsonNode totals = report.get("totals");
        Map<String, Integer> expectedCounts = Map.ofEntries(Map.entry("main_files", 1), Map.entry("test_files", 3), Map.entry("parse_errors", 0),
                Map.entry("main_classes", 1), Map.entry("test_classes", 3), Map.entry("test_methods", 8), Map.entry("without_assertions", 1),
                Map.entry("with_assertions", 7), Map.entry("no_focal_class", 1), Map.entry("no_focal_method", 1), Map.entry("ambiguous_overload", 1),
                Map.entry("matched", 4), Map.entry("matched_by_name", 3), Map.entry("matched_by_last_call", 1), Map.entry("assertions", 6));
        expectedCounts.forEach((k, v) -> assertThat(totals.get(k).asInt()).as(k).isEqualTo(v));
        assertThat(report.at("/assertions_per_method/mean").asDouble()).isEqualTo(1.5);
        assertThat(Json.readTree(out.resolve("mine_report.json")).toString()).isEqualTo(report.toString());
        int inSplits = 0;
        for (String split : List.of("train", "valid", "test")) inSplits += report.at("/splits/" + split + "/examples").asInt();
        assertThat(inSplits).isEqualTo(4);
    }

    @Test
    void splitsDependOnTheSeedButNeverSplitAClass() {
        Split a = new Split(1), b = new Split(2);
        int differ = 0, train = 0;
        for (int i = 0; i < 2000; i++) {
            String cls = "org.example.Class" + i + "Test";
            assertThat(a.of(cls)).isEqualTo(new Split(1).of(cls));
            if (!a.of(cls).equals(b.of(cls))) differ++;
            if (a.of(cls).equals("train")) train++;
        }
        assertThat(differ).isGreaterThan(300);
        assertThat(train).isBetween(1500, 1700);
        assertThat(Split.topLevel("org.example.OuterTest.Inner")).isEqualTo("org.example.OuterTest");
    }
}
