package dev.retort.text.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.io.Json;

import java.nio.file.Path;

/**
 * What kd's models need from a tokenizer: text to ids and back, and the ids of the special tokens the model uses.
 * Two kinds:
 * <ul>
 *   <li>{@link Tokenizer}, retort's own byte-level BPE. It stays the one retort trains ({@code kd tokenizer}, the
 *       pretraining sentinels): DJL's Hugging Face tokenizers can load a {@code tokenizer.json} but not learn one, and the
 *       own BPE is plain Java, decodes every string back exactly and starts no native library.</li>
 *   <li>{@link HfTokenizer}, any Hugging Face {@code tokenizer.json} (BPE, WordPiece, Unigram, …) through DJL: the
 *       teacher's own tokenizer, e.g. CodeT5's, so that the logits of a course-format file line up with the student's ids.</li>
 * </ul>
 */
public sealed interface TextTokenizer permits Tokenizer, HfTokenizer {
    /** The ids of the text, with no special tokens added. */
    int[] encode(String text);

    /**
     * The ids of a training target, without the end-of-sequence token (the model appends it). The same as
     * {@link #encode} unless the tokenizer's own post-processing adds tokens around a text (see {@link HfTokenizer}).
     */
    default int[] encodeTarget(String text) {
        return encode(text);
    }

    /** The text of the ids, special tokens skipped. */
    String decode(int[] ids);

    /** The number of ids: one more than the highest. */
    int vocabSize();

    int pad();

    /** The token the decoder starts from. */
    int bos();

    int eos();

    /** The token between the test and the focal method in a model input. */
    int sep();

    /** Writes the tokenizer as a {@code tokenizer.json} that {@link #load} reads back. */
    void save(Path tokenizerJson);

    /** Retort's own BPE when the file has its layout (byte-level BPE, its five special tokens first), else {@link HfTokenizer}. */
    static TextTokenizer load(Path tokenizerJson) {
        JsonNode root = Json.readTree(tokenizerJson);
        return TokenizerJson.hasOwnLayout(root) ? Tokenizer.load(tokenizerJson) : HfTokenizer.load(tokenizerJson);
    }
}
