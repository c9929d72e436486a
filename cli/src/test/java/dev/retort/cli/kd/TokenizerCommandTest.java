package dev.retort.cli.kd;

import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.text.tokenize.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kd tokenizer} with and without sentinel tokens, through the command line. */
class TokenizerCommandTest {
    @Test
    void sentinelsAreAppendedInsideTheVocabularyAndTheTextTokensStayLossless(@TempDir Path dir) {
        List<AssertionExample> examples = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            examples.add(new AssertionExample("ex" + i, "public int twice(int x) { return 2 * x; }",
                    "@Test\npublic void t" + i + "() {\n    int r = twice(" + i + ");\n    " + AssertionExample.PLACEHOLDER + "\n}",
                    List.of("assertEquals(" + 2 * i + ", r);"), null, null, null, null));
        }
        Path data = dir.resolve("train.jsonl"), plain = dir.resolve("plain.json"), withSentinels = dir.resolve("sentinels.json");
        AssertionDataset.write(data, examples);
        assertThat(retort("kd", "tokenizer", "--data", data.toString(), "--vocab-size", "300", "--out", plain.toString())).isZero();
        assertThat(retort("kd", "tokenizer", "--data", data.toString(), "--vocab-size", "300", "--sentinels", "8", "--out", withSentinels.toString())).isZero();
        Tokenizer a = Tokenizer.load(plain), b = Tokenizer.load(withSentinels);
        assertThat(a.sentinelCount()).isZero();
        assertThat(b.sentinelCount()).isEqualTo(8);
        assertThat(b.vocabSize()).isLessThanOrEqualTo(300);
        String text = examples.get(7).testMethodMasked();
        assertThat(b.decode(b.encode(text))).isEqualTo(text);
        assertThat(retort("kd", "tokenizer", "--data", data.toString(), "--vocab-size", "265", "--sentinels", "8", "--out", dir.resolve("x.json").toString()))
                .as("too small for bytes, specials and sentinels").isEqualTo(2);
    }

    private static int retort(String... args) {
        return dev.retort.cli.Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    }
}
