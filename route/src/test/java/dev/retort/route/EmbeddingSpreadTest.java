package dev.retort.route;

import dev.retort.core.Rng;
import dev.retort.text.embed.TextEmbedder;
import dev.retort.text.embed.TextRole;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingSpreadTest {

    @Property(tries = 200)
    void aVariantKeepsAtLeastOneWordDropsAtLeastOneAndKeepsTheOrder(@ForAll @IntRange(min = 2, max = 30) int words, @ForAll long seed) {
        String text = String.join(" ", java.util.stream.IntStream.range(0, words).mapToObj(i -> "w" + i).toList());
        List<String> kept = Arrays.asList(EmbeddingSpread.dropWords(text, new Rng(seed)).split(" "));
        assertThat(kept.size()).isBetween(1, words - 1);
        assertThat(kept.stream().map(w -> Integer.parseInt(w.substring(1))).toList()).isSorted().doesNotHaveDuplicates();
    }

    /** A bag-of-letters embedder: deterministic, and a text loses more of its vector the fewer words it has. */
    private static final TextEmbedder LETTERS = new TextEmbedder() {
        public String name() { return "letters"; }
        public int dimension() { return 26; }
        public boolean unitNormalized() { return false; }
        public float[][] embed(List<String> texts, TextRole role) {
            float[][] out = new float[texts.size()][26];
            for (int i = 0; i < out.length; i++) for (char c : texts.get(i).toLowerCase().toCharArray()) if (c >= 'a' && c <= 'z') out[i][c - 'a']++;
            return out;
        }
    };

    @Test
    void oneWordQuestionsDoNotMoveAndAQuestionOfTwoDistinctWordsMovesMoreThanOneOfManyAlikeWords() {
        double[] spread = EmbeddingSpread.of(List.of("hello", "abc xyz", "cat cat cat cat cat cat cat cat cat cat"), LETTERS, new Rng(5));
        assertThat(spread[0]).isZero();
        assertThat(spread[1]).isCloseTo(1 - 1 / Math.sqrt(2), org.assertj.core.api.Assertions.within(1e-6));   // either word alone: cos = 1/√2
        assertThat(spread[2]).isLessThan(1e-9);          // dropping copies of the same word keeps the direction
        assertThat(EmbeddingSpread.of(List.of("abc xyz", "a b c d"), LETTERS, new Rng(5)))
                .isEqualTo(EmbeddingSpread.of(List.of("abc xyz", "a b c d"), LETTERS, new Rng(5)));
    }
}
