package dev.retort.kd.model;

import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.retrieve.AssertionMemory;
import dev.retort.text.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExampleEncoderTest {
    static final Tokenizer TOKENIZER = Tokenizer.train(List.of("int r = calc.add(1, 2);", "assertEquals(3, r);",
            "public int add(int a, int b) { return a + b; }"), 300);

    static AssertionExample example() {
        return new AssertionExample("x", "public int add(int a, int b) { return a + b; }",
                "int r = calc.add(1, 2);\n" + AssertionExample.PLACEHOLDER, List.of("assertEquals(3, r);", "assertTrue(r > 0);"),
                null, null, null, null);
    }

    @Test
    void sourceIsMaskedTestThenSeparatorThenFocalMethod() {
        ExampleEncoder enc = new ExampleEncoder(TOKENIZER, 512, 128);
        AssertionExample e = example();
        int[] test = TOKENIZER.encode(e.testMethodMasked());
        int[] source = enc.encode(e).source();
        assertThat(source[test.length]).isEqualTo(TOKENIZER.sep());
        assertThat(TOKENIZER.decode(java.util.Arrays.copyOf(source, test.length))).isEqualTo(e.testMethodMasked());
        assertThat(TOKENIZER.decode(java.util.Arrays.copyOfRange(source, test.length + 1, source.length))).isEqualTo(e.focalMethod());
        assertThat(enc.decode(e, enc.encode(e).target())).isEqualTo("assertEquals(3, r);\nassertTrue(r > 0);");
    }

    @Test
    void truncatesToTheConfiguredLengthsAndConfigLeavesRoomForBos() {
        ExampleEncoder enc = new ExampleEncoder(TOKENIZER, 7, 3);
        ExampleEncoder.Encoded ids = enc.encode(example());
        assertThat(ids.source()).hasSize(7);
        assertThat(ids.target()).hasSize(3);
        ModelConfig c = enc.config("tiny");
        assertThat(c.maxSourceLen()).isEqualTo(7);
        assertThat(c.maxTargetLen()).isEqualTo(4);
        assertThat(c.vocabSize()).isEqualTo(TOKENIZER.vocabSize());
        assertThat(List.of(c.padId(), c.bosId(), c.eosId())).containsExactly(TOKENIZER.pad(), TOKENIZER.bos(), TOKENIZER.eos());
    }

    @Test
    void withMemoryTheSourceStartsWithTheRetrievedAssertionsCutToTheTargetLength() {
        AssertionExample neighbour = new AssertionExample("n", "public int add(int a, int b) { return a + b; }",
                "int r = calc.add(2, 2);\n" + AssertionExample.PLACEHOLDER, List.of("assertEquals(4, r);"), null, "OtherTest", null, null);
        ExampleEncoder enc = new ExampleEncoder(TOKENIZER, AssertionMemory.of(List.of(neighbour)), 512, 128);
        AssertionExample e = example();
        int[] hint = TOKENIZER.encode("assertEquals(4, r);");
        int[] source = enc.source(e);
        assertThat(java.util.Arrays.copyOf(source, hint.length)).containsExactly(hint);
        assertThat(source[hint.length]).isEqualTo(TOKENIZER.sep());
        assertThat(java.util.Arrays.copyOfRange(source, hint.length + 1, source.length)).containsExactly(new ExampleEncoder(TOKENIZER, 512, 128).source(e));

        ExampleEncoder shortTargets = new ExampleEncoder(TOKENIZER, AssertionMemory.of(List.of(neighbour)), 512, 2);
        assertThat(shortTargets.source(e)[2]).as("hint cut to maxOutputLen tokens, then SEP").isEqualTo(TOKENIZER.sep());
    }

    private static final AssertionExample ANY = new AssertionExample("x", "int f() { return 3; }", "void t() { // <ASSERTION_PLACEHOLDER> }",
            List.of(), null, null, null, null);

    @Test
    void generatedTextThatHitTheLengthLimitLosesItsCutOffStatement() {
        ExampleEncoder enc = new ExampleEncoder(TOKENIZER, 512, 128);
        int[] two = TOKENIZER.encode("assertEquals(3, r);\nassertTrue(r >");
        assertThat(enc.decodeGenerated(ANY, two, two.length)).as("limit reached: cut tail dropped").isEqualTo("assertEquals(3, r);");
        assertThat(enc.decodeGenerated(ANY, two, two.length + 1)).as("ended with EOS: kept as generated").isEqualTo("assertEquals(3, r);\nassertTrue(r >");
        int[] whole = TOKENIZER.encode("assertEquals(3, r);");
        assertThat(enc.decodeGenerated(ANY, whole, whole.length)).as("limit reached on a complete statement").isEqualTo("assertEquals(3, r);");
        int[] one = TOKENIZER.encode("assertEquals(3,");
        assertThat(enc.decodeGenerated(ANY, one, one.length)).isEmpty();
        ExampleEncoder shortOut = new ExampleEncoder(TOKENIZER, 512, two.length - 1);
        assertThat(shortOut.decodeGenerated(ANY, two, 1000)).as("the model's own limit counts too").isEqualTo("assertEquals(3, r);");
    }

    @Test
    void checkedOutputKeepsParsableLinesAndFallsBackToTheRetrievedAssertionsOnlyWhenNoneParses() {
        AssertionExample neighbour = new AssertionExample("n", "public int add(int a, int b) { return a + b; }",
                "int r = calc.add(2, 2);\n" + AssertionExample.PLACEHOLDER, List.of("assertEquals(4, r);"), null, "OtherTest", null, null);
        var syntax = new dev.retort.text.metrics.AstValidity();
        ExampleEncoder withMemory = new ExampleEncoder(TOKENIZER, AssertionMemory.of(List.of(neighbour)), 512, 128);
        ExampleEncoder plain = new ExampleEncoder(TOKENIZER, 512, 128);
        assertThat(withMemory.checkedOutput(example(), "assertEquals(3, r);\nassertTrue(r >", syntax)).isEqualTo("assertEquals(3, r);");
        assertThat(withMemory.checkedOutput(example(), "assertTrue(r >\nassertEquals(3", syntax)).isEqualTo("assertEquals(4, r);");
        assertThat(plain.checkedOutput(example(), "assertTrue(r >\nassertEquals(3", syntax)).as("no memory, nothing to fall back on").isEmpty();
    }

    @Test
    void perAssertionSourcesKeepTheTestsTailAndStartWithTheClosestDistinctTargets() {
        String before = "int r = calc.add(1, 2);\n".repeat(30);
        java.util.function.BiFunction<String, String, AssertionExample> ex = (id, target) -> new AssertionExample(id,
                "public int add(int a, int b) { return a + b; }", "void t() {\n" + before + AssertionExample.PLACEHOLDER + "\n}",
                List.of(target), "art", "T", null, null, id.substring(0, 2), id.substring(0, 2));
        List<AssertionExample> train = List.of(ex.apply("m1@1", "assertEquals(3, r);"), ex.apply("m2@1", "assertTrue(r > 0);"),
                ex.apply("m3@1", "assertEquals(3, r);"));
        ExampleEncoder enc = new ExampleEncoder(TOKENIZER, AssertionMemory.of(train), 80, 40);
        assertThat(enc.task()).isEqualTo(dev.retort.kd.data.AssertionTask.ASSERTION);
        AssertionExample query = ex.apply("q1@1", "?");
        int[] source = enc.source(query);
        assertThat(source).hasSize(80);
        String text = TOKENIZER.decode(source);
        assertThat(text).as("two distinct hints, nearest first, then the test's last tokens").startsWith("assertEquals(3, r);\nassertTrue(r > 0);");
        assertThat(text).as(text).contains("PLACEHOLDER>\n}").contains("public int");
        assertThat(text).doesNotContain("void t()").as("the test's head is what is cut");
    }
}
