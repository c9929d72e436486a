package dev.retort.kd.model;

import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.tokenize.Tokenizer;
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
        assertThat(enc.decode(enc.encode(e).target())).isEqualTo("assertEquals(3, r);\nassertTrue(r > 0);");
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
}
