package dev.retort.text.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.JsonlReader;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenizerTest {
    static final Path RAW_PAIRS = Path.of("../data/assertions/asserT5_methods2test_results-small.jsonl");
    static List<String> corpus;
    static Tokenizer tokenizer;

    @BeforeAll
    static void train() {
        corpus = new ArrayList<>();
        for (var rec : JsonlReader.readAll(RAW_PAIRS, BadRecords.failFast(), r -> r)) {
            corpus.add(rec.text("test_method"));
            corpus.add(rec.text("focal_method"));
        }
        tokenizer = Tokenizer.train(corpus.subList(0, 150), 1000);
    }

    @Test
    void learnsTheRequestedVocabularyAndCompressesJava() {
        assertThat(tokenizer.vocabSize()).isEqualTo(1000);
        String text = corpus.get(151);
        int[] ids = tokenizer.encode(text);
        assertThat(tokenizer.decode(ids)).isEqualTo(text);
        assertThat(ids.length).as("tokens for %d UTF-8 bytes", text.length()).isLessThan(text.length() / 2);
        assertThat(Arrays.stream(ids).min().orElseThrow()).isGreaterThan(tokenizer.unk());
        assertThat(tokenizer.encode("assertEquals")).hasSizeLessThan(4);
    }

    @Test
    void trainingIsDeterministicAndGreedyOnPairCounts() {
        Tokenizer a = Tokenizer.train(List.of("aaab aaab aaab ab"), 270);
        // pieces: "aaab" ×1, " aaab" ×2, " ab" ×1; (a,a) occurs 2+2+2 = 6 times, more than any other pair
        assertThat(a.token(261)).isEqualTo("aa");
        assertThat(Tokenizer.train(List.of("aaab aaab aaab ab"), 270).merges()).usingRecursiveComparison().isEqualTo(a.merges());
        Tokenizer none = Tokenizer.train(List.of("abc"), 300);
        assertThat(none.vocabSize()).as("no pair repeats, so nothing is merged").isEqualTo(261);
    }

    @Test
    void specialIdsAreSkippedWhenDecoding() {
        int[] ids = tokenizer.encode("x = 1;");
        int[] framed = new int[ids.length + 3];
        framed[0] = tokenizer.bos();
        System.arraycopy(ids, 0, framed, 1, ids.length);
        framed[ids.length + 1] = tokenizer.eos();
        framed[ids.length + 2] = tokenizer.pad();
        assertThat(tokenizer.decode(framed)).isEqualTo("x = 1;");
        assertThat(tokenizer.encode("<|pad|><|eos|>")).doesNotContain(tokenizer.pad(), tokenizer.eos());
    }

    @Provide
    Arbitrary<String> unicode() {
        Arbitrary<String> anyCodePoints = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list().ofMaxSize(40).map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
        Arbitrary<String> javaish = Arbitraries.of("assertEquals(", "  ", "\n", "\t", "x", "é", "😀", "'s", "\u00a0", "\u2028", "123", "==", "'ll", "\r\n", " ")
                .list().ofMaxSize(30).map(parts -> String.join("", parts));
        return Arbitraries.oneOf(anyCodePoints, javaish);
    }

    @Property(tries = 300)
    void decodeOfEncodeIsTheIdentity(@ForAll("unicode") String text) {
        assertThat(tokenizer.decode(tokenizer.encode(text))).isEqualTo(text);
    }

    @Test
    void savedFileLoadsBackToTheSameTokenizer(@TempDir Path dir) {
        Path file = dir.resolve("tokenizer.json");
        tokenizer.save(file);
        Tokenizer loaded = Tokenizer.load(file);
        assertThat(loaded.vocabSize()).isEqualTo(tokenizer.vocabSize());
        for (String text : corpus.subList(150, 200)) assertThat(loaded.encode(text)).containsExactly(tokenizer.encode(text));
    }

    @Test
    void huggingFaceTokenizersGivesTheSameIds(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokenizer.json");
        tokenizer.save(file);
        List<String> samples = new ArrayList<>(corpus.subList(150, 200));
        samples.add("String s = \"naïve café — 😀\";\n\t\tassertThat(s).isNotEmpty();  \n");
        samples.add("  x  \n\n  y's   ");
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false", "maxLength", "100000"))) {
            for (String text : samples) {
                Encoding e = hf.encode(text, false, false);
                int[] theirs = Arrays.stream(e.getIds()).mapToInt(Math::toIntExact).toArray();
                assertThat(theirs).as("ids of %s", text).containsExactly(tokenizer.encode(text));
                assertThat(hf.decode(e.getIds())).isEqualTo(text);
            }
        }
    }
}
