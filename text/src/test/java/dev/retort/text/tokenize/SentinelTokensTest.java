package dev.retort.text.tokenize;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SentinelTokensTest {
    static final List<String> CORPUS = List.of("int a = b + c;", "return a + b;", "assertEquals(a, b);");

    @Test
    void sentinelsComeLastSurviveSaveAndLoadAndAreSkippedByDecode(@TempDir Path dir) {
        Tokenizer t = Tokenizer.train(CORPUS, 300, 8);
        assertThat(t.sentinelCount()).isEqualTo(8);
        assertThat(t.sentinel(7)).isEqualTo(t.vocabSize() - 1);
        Tokenizer plain = Tokenizer.train(CORPUS, 300 - 8);
        assertThat(t.sentinel(0)).as("the BPE tokens are those of a tokenizer without sentinels").isEqualTo(plain.vocabSize());
        assertThat(plain.sentinelCount()).isZero();

        t.save(dir.resolve("tokenizer.json"));
        Tokenizer loaded = Tokenizer.load(dir.resolve("tokenizer.json"));
        assertThat(loaded.sentinelCount()).isEqualTo(8);
        assertThat(loaded.sameVocabulary(t)).isTrue();
        assertThat(loaded.sameVocabulary(plain)).isFalse();
        int[] ids = t.encode("a + b");
        int[] withSentinel = new int[ids.length + 1];
        System.arraycopy(ids, 0, withSentinel, 1, ids.length);
        withSentinel[0] = t.sentinel(3);
        assertThat(t.decode(withSentinel)).isEqualTo("a + b");
        assertThat(t.encode("<|sentinel_0|>")).doesNotContain(t.sentinel(0));
    }
}
