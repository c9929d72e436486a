package dev.retort.kd.model;

import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.data.AssertionTask;
import dev.retort.text.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FocalSignaturesTest {
    /** A class outline as `kd mine` writes it: comments gone, bodies emptied, one declaration per line. */
    static final String OUTLINE = """
            package p;

            public class Calc {

                private static final int LIMIT = 10;

                public Calc() {
                }

                public static int add(final int a, final int b) {
                }

                @Deprecated
                public static int add(final int a, final int b, final int c) {
                }

                protected <T extends Comparable<T>> T max(T a, T b) throws IllegalStateException {
                }

                private int helper(int x) {
                }

                public boolean isEmpty() {
                }
            }""";

    static AssertionExample example(String test, String focal) {
        return new AssertionExample("x", focal, test, List.of("assertTrue(c.isEmpty());"), null, "CalcTest", "p.Calc", OUTLINE);
    }

    @Test
    void nonPrivateSignaturesCompactedTheTestsNamesFirstTheFocalMethodLeftOut() {
        var e = example("Calc c = new Calc();\nc.max(1, 2);\n" + AssertionExample.PLACEHOLDER, "public static int add(final int a, final int b) {\n return a + b;\n}");
        assertThat(FocalSignatures.of(e).lines().toList()).containsExactly(
                "Calc()",
                "<T extends Comparable<T>> T max(T a, T b)",
                "static int add(int a, int b, int c)",
                "boolean isEmpty()");
    }

    @Test
    void withoutAFocalFileThereAreNone() {
        var e = new AssertionExample("x", "int f() {}", AssertionExample.PLACEHOLDER, List.of("assertTrue(true);"), null, null, null, null);
        assertThat(FocalSignatures.of(e)).isEmpty();
    }

    @Test
    void anEncoderAddsThemOnlyIntoTheRoomLeftAndSavesTheSetting(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Tokenizer tok = Tokenizer.train(List.of(OUTLINE, "Calc c = new Calc();", "assertTrue(c.isEmpty());"), 300);
        var e = example("Calc c = new Calc();\n" + AssertionExample.PLACEHOLDER, "public static int add(final int a, final int b) {\n return a + b;\n}");
        var plain = new ExampleEncoder(tok, null, 512, 64, AssertionTask.ASSERTION, null, false);
        var with = new ExampleEncoder(tok, null, 512, 64, AssertionTask.ASSERTION, null, true);
        int[] base = plain.source(e), more = with.source(e);
        assertThat(Arrays.copyOf(more, base.length)).containsExactly(base);
        assertThat(more[base.length]).isEqualTo(tok.sep());
        assertThat(tok.decode(Arrays.copyOfRange(more, base.length + 1, more.length))).isEqualTo(FocalSignatures.of(e));

        var tight = new ExampleEncoder(tok, null, base.length + 3, 64, AssertionTask.ASSERTION, null, true);
        assertThat(tight.source(e)).as("room for SEP and two tokens").hasSize(base.length + 3);
        var full = new ExampleEncoder(tok, null, base.length, 64, AssertionTask.ASSERTION, null, true);
        assertThat(full.source(e)).as("no room: nothing added").containsExactly(base);

        with.writeModelInto(Seq2SeqModel.create(with.config("tiny")), null, dir);
        assertThat(ExampleEncoder.focalSignaturesInModel(dir)).isTrue();
    }
}
