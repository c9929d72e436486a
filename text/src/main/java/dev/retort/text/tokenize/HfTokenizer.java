package dev.retort.text.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.AtomicFiles;
import dev.retort.core.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} of any model type (BPE, WordPiece, Unigram, WordLevel) through DJL's native
 * tokenizers, as the student's tokenizer: the teacher's own, so that a course-format file's logits line up with the
 * student's ids. The file's truncation and padding are switched off. Special tokens are found by their usual names:
 * end of sequence {@code </s>}, {@code [SEP]}, {@code <|endoftext|>}, {@code <eos>} or {@code <|eos|>} (one is required);
 * padding {@code <pad>}, {@code [PAD]} or {@code <|pad|>} (else the end token); the separator between test and focal method
 * {@code [SEP]}, {@code </s>} or {@code <|sep|>} (else the end token). The decoder starts from the padding token, as in T5
 * and CodeT5.
 *
 * <p>Targets ({@link #encodeTarget}) get the special tokens the file's post-processor adds, without the final end token:
 * the original pipeline trained its teacher on {@code tokenizer(target)}, so CodeT5's labels are {@code <s> … </s>} and
 * the teacher's first logit row predicts {@code <s>}. A WordPiece tokenizer's normalizer may lowercase and drop line
 * breaks; then decoded text differs from the input.
 */
public final class HfTokenizer implements TextTokenizer {
    private static final List<String> EOS = List.of("</s>", "[SEP]", "<|endoftext|>", "<eos>", "<|eos|>");
    private static final List<String> PAD = List.of("<pad>", "[PAD]", "<|pad|>");
    private static final List<String> SEP = List.of("[SEP]", "</s>", "<|sep|>");

    private final HuggingFaceTokenizer tokenizer;
    private final byte[] file;
    private final String modelType;
    private final int vocabSize;
    private final int pad;
    private final int eos;
    private final int sep;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, byte[] file, String modelType, int vocabSize, int pad, int eos, int sep) {
        this.tokenizer = tokenizer;
        this.file = file;
        this.modelType = modelType;
        this.vocabSize = vocabSize;
        this.pad = pad;
        this.eos = eos;
        this.sep = sep;
    }

    /** Loads any {@code tokenizer.json}; a file without an end-of-sequence token is refused, naming it. */
    public static HfTokenizer load(Path tokenizerJson) {
        JsonNode root = Json.readTree(tokenizerJson);
        Map<String, Integer> ids = vocabulary(tokenizerJson, root);
        int eos = first(ids, EOS, -1);
        if (eos < 0) {
            throw BadInputException.at(tokenizerJson, 0, "added_tokens", "no end-of-sequence token (one of " + EOS + ")");
        }
        int size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        try {
            HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(false).optTruncation(false).optPadding(false).build();
            return new HfTokenizer(hf, Files.readAllBytes(tokenizerJson), root.path("model").path("type").asText("?"), size,
                    first(ids, PAD, eos), eos, first(ids, SEP, eos));
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(tokenizerJson + ": not a tokenizer.json that Hugging Face tokenizers can load: " + e.getMessage(), e);
        }
    }

    /** Token → id over the model's vocabulary (an object, or Unigram's list of [token, score]) and the added tokens. */
    private static Map<String, Integer> vocabulary(Path file, JsonNode root) {
        Map<String, Integer> ids = new HashMap<>();
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            vocab.properties().forEach(e -> ids.put(e.getKey(), e.getValue().asInt()));
        } else if (vocab.isArray()) {
            for (int i = 0; i < vocab.size(); i++) ids.put(vocab.get(i).path(0).asText(), i);
        } else {
            throw BadInputException.at(file, 0, "model.vocab", "expected an object of token -> id or a list of [token, score]");
        }
        for (JsonNode t : root.path("added_tokens")) ids.put(t.path("content").asText(), t.path("id").asInt());
        return ids;
    }

    private static int first(Map<String, Integer> ids, List<String> names, int otherwise) {
        for (String n : names) if (ids.containsKey(n)) return ids.get(n);
        return otherwise;
    }

    @Override
    public int[] encode(String text) {
        return ints(tokenizer.encode(text, false, false).getIds());
    }

    @Override
    public int[] encodeTarget(String text) {
        int[] ids = ints(tokenizer.encode(text, true, false).getIds());
        return ids.length > 0 && ids[ids.length - 1] == eos ? Arrays.copyOf(ids, ids.length - 1) : ids;
    }

    @Override
    public String decode(int[] ids) {
        return tokenizer.decode(Arrays.stream(ids).asLongStream().toArray(), true);
    }

    /** The model type of the file: BPE, WordPiece, Unigram, WordLevel. */
    public String modelType() {
        return modelType;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int pad() {
        return pad;
    }

    @Override
    public int bos() {
        return pad;
    }

    @Override
    public int eos() {
        return eos;
    }

    @Override
    public int sep() {
        return sep;
    }

    /** Writes the file it was loaded from, unchanged. */
    @Override
    public void save(Path tokenizerJson) {
        AtomicFiles.writeBytes(tokenizerJson, file);
    }

    private static int[] ints(long[] ids) {
        return Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
    }
}
