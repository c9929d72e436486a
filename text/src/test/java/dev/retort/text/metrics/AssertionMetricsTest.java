package dev.retort.text.metrics;

import dev.retort.text.embed.TextEmbedder;
import dev.retort.text.embed.TextRole;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AssertionMetricsTest {

    @Test
    void astValidityParsesWrappedStatements() {
        var ast = new AstValidity();
        assertThat(ast.isValid("assertEquals(1, r);\nassertThat(list).hasSize(2).contains(\"a\");")).isTrue();
        assertThat(ast.isValid("assertThrows(NullPointerException.class, () -> f(null));")).isTrue();
        assertThat(ast.isValid("assertEquals(1, r)")).isFalse();
        assertThat(ast.isValid("assertEquals(1, ;")).isFalse();
        assertThat(ast.isValid("  ")).isFalse();
    }

    @Test
    void validLinesKeepsWholeStatementsInOrderAndDropsTheRest() {
        var ast = new AstValidity();
        String generated = "assertEquals(1, r);\nassertEquals(\"a, s.trim());\n\n  assertTrue(list.isEmpty());\nassertNull(x\nassertEquals(Appende, es);";
        String kept = ast.validLines(generated);
        assertThat(kept).isEqualTo("assertEquals(1, r);\n  assertTrue(list.isEmpty());\nassertEquals(Appende, es);");
        assertThat(ast.isValid(kept)).isTrue();
        assertThat(ast.validLines("assertNull(x\nassertTrue(")).isEmpty();
        assertThat(ast.validLines(kept)).isEqualTo(kept);
    }

    @Test
    void validLinesRejectsALineThatOnlyParsesByClosingTheWrapperMethod() {
        var ast = new AstValidity();
        String generated = "assertTrue(ok);\n} void helper() {\nint n = 2; assertEquals(2, n);";
        assertThat(ast.isValid("} void helper() {")).as("inside the metric's class wrapper it parses").isTrue();
        assertThat(ast.validLines(generated)).isEqualTo("assertTrue(ok);\nint n = 2; assertEquals(2, n);");
    }

    @Test
    void lineSetMicroAndMacroAverages() {
        var metrics = new AssertionMetrics(null);
        // example 1: ref {A, B}, pred {A, C} → p = r = 1/2; example 2: ref {D}, pred {D} → p = r = 1.
        var scores = metrics.score(
                List.of("assertTrue(a);\nassertTrue(b);", "assertNull(d);"),
                List.of("assertTrue(a);\n  assertTrue(c);", "assertNull( d);".replace("( ", "(")));
        var s = AssertionMetrics.summarize(scores);
        assertThat(s.precisionMacro()).isCloseTo(0.75, within(1e-12));
        assertThat(s.recallMacro()).isCloseTo(0.75, within(1e-12));
        assertThat(s.precisionMicro()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.f1Micro()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.exactMatch()).isEqualTo(0.5);
        assertThat(s.astValidity()).isEqualTo(1.0);
        assertThat(s.semanticSimilarity()).isNaN();
    }

    @Test
    void exactMatchIgnoresWhitespaceLayoutOnly() {
        var m = new AssertionMetrics(null);
        assertThat(m.score("assertEquals(1,  r);\n", "  assertEquals(1, r);").exactMatch()).isTrue();
        assertThat(m.score("assertEquals(1, r);", "assertEquals(1,r);").exactMatch()).isFalse();
    }

    @Test
    void codeQualityRewardsValidDistinctAssertions() {
        assertThat(CodeQuality.score("assertEquals(1, r);\nassertNull(x);", true)).isEqualTo(1.0);
        assertThat(CodeQuality.score("assertEquals(1, r);\nassertEquals(1, r);", true)).isCloseTo(0.9, within(1e-12));
        assertThat(CodeQuality.score("int x = 1;", true)).isCloseTo(0.6, within(1e-12));
        assertThat(CodeQuality.score("", false)).isZero();
    }

    @Test
    void semanticSimilarityIsTheCosineOfTheEmbeddings() {
        TextEmbedder embedder = new TextEmbedder() {
            @Override
            public String name() {
                return "two-points";
            }

            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public boolean unitNormalized() {
                return true;
            }

            @Override
            public float[][] embed(List<String> texts, TextRole role) {
                return texts.stream().map(t -> t.contains("a") ? new float[]{1, 0} : new float[]{0.6f, 0.8f}).toArray(float[][]::new);
            }
        };
        var s = new AssertionMetrics(embedder).score(List.of("a", "a"), List.of("a", "b"));
        assertThat(s.get(0).semantic()).isCloseTo(1.0, within(1e-6));
        assertThat(s.get(1).semantic()).isCloseTo(0.6, within(1e-6));
    }
}
