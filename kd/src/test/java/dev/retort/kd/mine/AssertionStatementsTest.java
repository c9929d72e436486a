package dev.retort.kd.mine;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.body.MethodDeclaration;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AssertionStatementsTest {
    static final JavaParser PARSER = new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.RAW));

    static MethodDeclaration method(String source) {
        return PARSER.parse("class X {\n" + source + "\n}").getResult().orElseThrow().findFirst(MethodDeclaration.class).orElseThrow();
    }

    /** The AsserT5 sample's README counts assert calls per test method: 0 → 25, 1 → 49, 2 → 8, 3 → 9, 4+ → 9. */
    @Test
    void findsTheAssertionsTheAsserT5ToolCounts() {
        int[] histogram = new int[5];
        for (JsonRecord r : JsonlReader.readAll(Path.of("../data/assertions/asserT5_methods2test_results-small.jsonl"))) {
            histogram[Math.min(4, AssertionStatements.of(method(r.text("test_method"))).size())]++;
        }
        assertThat(histogram).containsExactly(25, 49, 8, 9, 9);
    }

    @Test
    void takesOutermostAssertionStatementsOnly() {
        MethodDeclaration m = method("""
                @Test void t() {
                    assertAll(() -> assertEquals(1, x), () -> { assertTrue(y); });
                    helper.assertValid(x);
                    Throwable e = assertThrows(E.class, () -> f());
                    list.forEach(v -> { Assertions.assertNotNull(v); });
                    assertThat(x).as("x") // why
                        .isEqualTo(1);
                }""");
        List<String> lines = AssertionStatements.of(m).stream().map(s -> AssertionStatements.oneLine(s).orElseThrow()).toList();
        assertThat(lines).containsExactly("assertAll(() -> assertEquals(1, x), () -> { assertTrue(y); });",
                "Assertions.assertNotNull(v);", "assertThat(x).as(\"x\").isEqualTo(1);");
    }

    @Test
    void aTextBlockAssertionHasNoOneLineForm() {
        var s = AssertionStatements.of(method("@Test void t() {\n  assertEquals(\"\"\"\n    a\n    \"\"\", x);\n}"));
        assertThat(s).hasSize(1);
        assertThat(AssertionStatements.oneLine(s.getFirst())).isEmpty();
    }
}
