package dev.retort.text.tokenize;

import dev.retort.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Any Hugging Face tokenizer.json as a kd tokenizer: WordPiece (a real file), CodeT5-shaped BPE and T5-shaped Unigram. */
class HfTokenizerTest {
    static final List<String> CORPUS = List.of("assertEquals(1, r);", "assertTrue(list.isEmpty());\nassertNull(x);",
            "@Test public void testF0() { int r = obj.f0(1);\n // <ASSERTION_PLACEHOLDER>\n }", "assertEquals(\"abc\", s.trim());");

    @TempDir
    Path dir;

    @Test
    void miniLmWordPieceLoadsWithoutTheFilesTruncationOrPadding() {
        TextTokenizer t = TextTokenizer.load(TokenizerFiles.miniLm(dir));
        assertThat(t).isInstanceOf(HfTokenizer.class);
        assertThat(((HfTokenizer) t).modelType()).isEqualTo("WordPiece");
        assertThat(t.vocabSize()).isEqualTo(30522);
        assertThat(List.of(t.pad(), t.bos(), t.eos(), t.sep())).containsExactly(0, 0, 102, 102);
        int[] ids = t.encode("assertEquals(1, r);");
        assertThat(ids).doesNotContain(0, 101, 102).hasSizeLessThan(20);
        assertThat(t.encode("x ".repeat(300))).as("the file says truncate at 128").hasSize(300);
        assertThat(t.decode(ids)).isEqualTo("assertequals ( 1, r ) ;");   // lowercasing normalizer, WordPiece decoder
        int[] target = t.encodeTarget("assertEquals(1, r);");
        assertThat(target[0]).as("[CLS] from the post-processor").isEqualTo(101);
        assertThat(target).endsWith(ids).hasSize(ids.length + 1);          // [SEP] dropped: the model appends its EOS
        assertThat(t.decode(target)).isEqualTo(t.decode(ids));
    }

    @Test
    void codeT5ShapedBpeGivesTheLabelsTheOriginalTrainedOn() throws Exception {
        Path file = TokenizerFiles.codeT5Like(dir, CORPUS, 300);
        TextTokenizer t = TextTokenizer.load(file);
        Tokenizer own = Tokenizer.train(CORPUS, 300);
        assertThat(t).isInstanceOf(HfTokenizer.class);
        assertThat(List.of(t.vocabSize(), t.pad(), t.bos(), t.eos(), t.sep())).containsExactly(own.vocabSize(), 0, 0, 2, 2);
        for (String s : CORPUS) {
            assertThat(t.encode(s)).as("same merges, same ids").isEqualTo(own.encode(s));
            assertThat(t.decode(t.encode(s))).isEqualTo(s);
            assertThat(t.encodeTarget(s)).as("<s> … (</s> is the model's EOS)").startsWith(1).endsWith(own.encode(s))
                    .hasSize(own.encode(s).length + 1);
            assertThat(t.decode(t.encodeTarget(s))).isEqualTo(s);
        }
        Path copy = dir.resolve("copy.json");
        t.save(copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void t5ShapedUnigramRoundTripsAndAppendsNothingToTargets() {
        TextTokenizer t = TextTokenizer.load(TokenizerFiles.unigram(dir, CORPUS, List.of("assertEquals", "assertTrue", "r);")));
        assertThat(((HfTokenizer) t).modelType()).isEqualTo("Unigram");
        assertThat(List.of(t.pad(), t.bos(), t.eos(), t.sep())).containsExactly(0, 0, 1, 1);
        int[] ids = t.encode("assertEquals(1, r);");
        assertThat(ids).contains(idOf(t, "▁assertEquals")).doesNotContain(1, 2);
        assertThat(t.decode(ids)).isEqualTo("assertEquals(1, r);");
        assertThat(t.encodeTarget("assertEquals(1, r);")).as("T5 labels: text then </s>, which the model appends").isEqualTo(ids);
    }

    @Test
    void retortsOwnFileStaysTheOwnTokenizer() {
        Path file = dir.resolve("own.json");
        Tokenizer.train(CORPUS, 300).save(file);
        assertThat(TextTokenizer.load(file)).isInstanceOf(Tokenizer.class);
    }

    @Test
    void aFileWithoutAnEndTokenIsRefusedNamingIt() throws Exception {
        Path file = TokenizerFiles.unigram(dir, CORPUS, List.of());
        Files.writeString(file, Files.readString(file).replace("</s>", "<end>"));
        assertThatThrownBy(() -> TextTokenizer.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("added_tokens").hasMessageContaining("end-of-sequence");
    }

    private static int idOf(TextTokenizer t, String piece) {
        int[] ids = t.encode(piece.substring(1));
        assertThat(ids).hasSize(1);
        return ids[0];
    }
}
