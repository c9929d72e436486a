package dev.retort.kd.mine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.data.AssertionTask;
import dev.retort.kd.data.SplitSetting;
import com.github.javaparser.JavaParser;
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
                "org.example." + testClass, "org.example.Calculator", OUTLINE)
                // two test classes cannot fill three splits: the split falls back to test methods (MineManyTest)
                .withSplitGroup("sample/sample:org.example." + testClass + "#" + method);
    }

    @Test
    void minesTheExactRecordsAndCounts(@TempDir Path out) {
        JsonNode report = AssertionMiner.mine(List.of(new AssertionMiner.Corpus("sample", SRC, TEST)), new AssertionMiner.Options(1, 120, AssertionTask.METHOD, SplitSetting.NEW_CLASS), out);

        List<AssertionExample> all = new ArrayList<>();
        for (String split : List.of("train", "valid", "test")) all.addAll(AssertionDataset.read(out.resolve(split + ".jsonl"), BadRecords.failFast()));
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
        Split a = new Split(1, SplitSetting.NEW_CLASS), b = new Split(2, SplitSetting.NEW_CLASS);
        int differ = 0, train = 0;
        for (int i = 0; i < 2000; i++) {
            String cls = "org.example.Class" + i + "Test";
            assertThat(a.of(cls)).isEqualTo(new Split(1, SplitSetting.NEW_CLASS).of(cls));
            if (!a.of(cls).equals(b.of(cls))) differ++;
            if (a.of(cls).equals("train")) train++;
        }
        assertThat(differ).isGreaterThan(300);
        assertThat(train).isBetween(1500, 1700);
        assertThat(Split.topLevel("org.example.OuterTest.Inner")).isEqualTo("org.example.OuterTest");
    }

    static final Path BLOCKS = Path.of("src/test/resources/mine-blocks");

    @Test
    void perAssertionExamplesAreWholeMethodsCutAfterTheirPlaceholder(@TempDir Path out) {
        JsonNode report = AssertionMiner.mine(List.of(new AssertionMiner.Corpus("blocks", BLOCKS.resolve("src"), BLOCKS.resolve("test"))),
                new AssertionMiner.Options(1, 120, AssertionTask.ASSERTION, SplitSetting.IN_PROJECT), out);
        Map<String, AssertionExample> byId = new HashMap<>();
        for (String split : List.of("train", "valid", "test")) {
            for (AssertionExample e : AssertionDataset.read(out.resolve(split + ".jsonl"), BadRecords.failFast())) byId.put(e.id(), e);
        }
        String method = "blocks:org.example.CounterTest#testIncrement";
        assertThat(byId.keySet()).containsExactlyInAnyOrder(method + "@1", method + "@2", method + "@3", method + "@4", method + "@7", method + "@8");
        JavaParser parser = new JavaParser();
        for (AssertionExample e : byId.values()) {
            assertThat(e.methodId()).isEqualTo(method);
            assertThat(e.splitGroup()).as("in-project groups by method").isEqualTo("blocks/" + method);
            assertThat(e.assertions()).hasSize(1);
            assertThat(e.testMethodMasked()).as(e.id()).containsOnlyOnce(AssertionExample.PLACEHOLDER).doesNotContain(e.assertions().getFirst());
            assertThat(parser.parseBodyDeclaration(e.testMethodMasked()).isSuccessful()).as("%s parses:%n%s", e.id(), e.testMethodMasked()).isTrue();
        }
        String head = "@Test\nvoid testIncrement() {\n    Counter c = new Counter();\n";
        assertThat(byId.get(method + "@1").testMethodMasked()).isEqualTo(head + "    // <ASSERTION_PLACEHOLDER>\n}");
        assertThat(byId.get(method + "@2").testMethodMasked()).isEqualTo(head + "    assertEquals(1, c.increment());\n"
                + "    for (int i = 2; i < 4; i++) {\n        // <ASSERTION_PLACEHOLDER>\n    }\n}");
        assertThat(byId.get(method + "@2").assertions()).containsExactly("assertEquals(i, c.increment());");
        assertThat(byId.get(method + "@3").testMethodMasked()).endsWith("    try {\n        // <ASSERTION_PLACEHOLDER>\n    } finally {\n    }\n}");
        assertThat(byId.get(method + "@4").testMethodMasked()).as("earlier statements stay, later ones go")
                .contains("assertEquals(4, c.increment());\n        c.increment();\n    } catch (IllegalStateException e) {\n        // <ASSERTION_PLACEHOLDER>\n    }\n}")
                .doesNotContain("forEach");
        assertThat(byId.get(method + "@7").testMethodMasked()).endsWith("    do { // <ASSERTION_PLACEHOLDER>\n    } while (false);\n}");
        assertThat(byId.get(method + "@8").assertions()).containsExactly("assertEquals(8, c.increment());");
        JsonNode totals = report.get("totals");
        assertThat(totals.get("assertions").asInt()).isEqualTo(8);
        assertThat(totals.get("assertion_examples").asInt()).isEqualTo(6);
        assertThat(totals.get("skipped_assertion_as_unbraced_body").asInt()).isEqualTo(1);
        assertThat(totals.get("skipped_assertion_in_lambda_or_anonymous_class").asInt()).isEqualTo(1);
        assertThat(report.get("task").asText()).isEqualTo("assertion");
        assertThat(report.at("/assertions_per_method/mean").asDouble()).as("counted per method, not per example").isEqualTo(6.0);
    }

    @Test
    void theMethodTaskKeepsCodeThatFollowsAnAssertionOnItsLine(@TempDir Path out) {
        AssertionMiner.mine(List.of(new AssertionMiner.Corpus("blocks", BLOCKS.resolve("src"), BLOCKS.resolve("test"))),
                new AssertionMiner.Options(1, 120, AssertionTask.METHOD, SplitSetting.NEW_CLASS), out);
        List<AssertionExample> all = new ArrayList<>();
        for (String split : List.of("train", "valid", "test")) all.addAll(AssertionDataset.read(out.resolve(split + ".jsonl"), BadRecords.failFast()));
        assertThat(all).hasSize(1);
        String masked = all.getFirst().testMethodMasked();
        assertThat(masked).contains("do { // <ASSERTION_PLACEHOLDER>\n} while (false);");
        assertThat(new JavaParser().parseBodyDeclaration(masked).isSuccessful()).as(masked).isTrue();
        assertThat(all.getFirst().assertions()).hasSize(8);
    }

    @Test
    void inProjectSplitsKeepAMethodTogetherAndDuplicatesInOneSplit() {
        Split split = new Split(3, SplitSetting.IN_PROJECT);
        List<AssertionExample> examples = new ArrayList<>();
        for (int m = 0; m < 300; m++) {
            for (int a = 0; a < 3; a++) {
                String masked = a == 0 ? "void t() {\n// <ASSERTION_PLACEHOLDER>\n}" : "void t" + m + "() {\nx(" + a + ");\n// <ASSERTION_PLACEHOLDER>\n}";
                examples.add(new AssertionExample("m" + m + "@" + a, "int f() {}", masked, List.of("assertTrue(" + (a == 0 ? "x" : "y" + m) + ");"),
                        "art", "p.T" + (m % 7) + "Test", "p.F", null, "m" + m, null));
            }
        }
        Map<String, List<AssertionExample>> bySplit = split.assign(examples);
        Map<String, String> splitOfMethod = new HashMap<>();
        Map<String, String> splitOfPair = new HashMap<>();
        int straddling = 0;
        for (var entry : bySplit.entrySet()) {
            for (AssertionExample e : entry.getValue()) {
                assertThat(e.splitGroup()).isEqualTo("art/" + e.methodId());
                assertThat(splitOfPair.putIfAbsent(e.input("|") + e.target(), entry.getKey())).as("duplicate of %s", e.id()).isIn(null, entry.getKey());
                if (!e.id().endsWith("@0")) {
                    String before = splitOfMethod.putIfAbsent(e.methodId(), entry.getKey());
                    if (before != null && !before.equals(entry.getKey())) straddling++;
                }
            }
        }
        assertThat(straddling).as("a method's distinct examples stay together").isZero();
        assertThat(bySplit.get("test")).isNotEmpty();
        assertThat(bySplit.entrySet().stream().filter(en -> en.getValue().stream().anyMatch(e -> e.id().endsWith("@0"))).count())
                .as("the 300 copies of one pair all went to one split").isEqualTo(1);
    }
}
