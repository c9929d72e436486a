package dev.retort.text.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.io.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tokenizer.json} files of the three Hugging Face model types for tests: the real WordPiece one of all-MiniLM-L6-v2
 * (from the langchain4j jar on the classpath), a byte-level BPE shaped like CodeT5's (RoBERTa special tokens and
 * post-processor over BPE merges learned here) and a small T5-shaped Unigram one (Metaspace, {@code </s>} appended).
 */
public final class TokenizerFiles {
    private TokenizerFiles() {
    }

    /** all-MiniLM-L6-v2's WordPiece tokenizer (30,522 ids, lowercasing; truncation and padding to 128 set in the file). */
    public static Path miniLm(Path dir) {
        Path file = dir.resolve("minilm-tokenizer.json");
        try (InputStream in = TokenizerFiles.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            if (in == null) throw new IllegalStateException("all-minilm-l6-v2-tokenizer.json is not on the test classpath");
            Files.copy(in, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * CodeT5's layout: {@code <pad>} 0, {@code <s>} 1, {@code </s>} 2, {@code <unk>} 3, {@code <mask>} 4, then byte-level BPE
     * learned on {@code corpus} ({@code vocabSize} ids), and RoBERTa's post-processor ({@code <s> … </s>}).
     */
    public static Path codeT5Like(Path dir, List<String> corpus, int vocabSize) {
        Path file = dir.resolve("codet5-like-tokenizer.json");
        Tokenizer.train(corpus, vocabSize).save(file);
        ObjectNode root = (ObjectNode) Json.readTree(file);
        List<String> names = List.of("<pad>", "<s>", "</s>", "<unk>", "<mask>");
        ObjectNode vocab = (ObjectNode) root.path("model").path("vocab");
        ObjectNode renamed = Json.object();
        vocab.properties().forEach(e -> {
            int id = e.getValue().asInt();
            renamed.set(id < names.size() ? names.get(id) : e.getKey(), e.getValue());
        });
        ((ObjectNode) root.path("model")).set("vocab", renamed);
        for (JsonNode t : root.path("added_tokens")) {
            int id = t.path("id").asInt();
            if (id < names.size()) ((ObjectNode) t).put("content", names.get(id));
        }
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "RobertaProcessing");
        post.putArray("sep").add("</s>").add(2);
        post.putArray("cls").add("<s>").add(1);
        post.put("trim_offsets", true);
        post.put("add_prefix_space", false);
        Json.write(file, root);
        return file;
    }

    /**
     * T5's layout: {@code <pad>} 0, {@code </s>} 1, {@code <unk>} 2, then a Unigram vocabulary of every character of
     * {@code corpus} and {@code words} (each with and without the ▁ word start), a Metaspace pre-tokenizer and decoder, and
     * a post-processor that appends {@code </s>}.
     */
    public static Path unigram(Path dir, List<String> corpus, List<String> words) {
        Path file = dir.resolve("unigram-tokenizer.json");
        Set<String> pieces = new LinkedHashSet<>(List.of("▁"));
        for (String w : words) pieces.addAll(List.of("▁" + w, w));
        for (String text : corpus) text.codePoints().mapToObj(Character::toString).filter(c -> !c.equals(" ")).forEach(pieces::add);
        ObjectNode root = Json.object();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        List<String> specials = List.of("<pad>", "</s>", "<unk>");
        for (int i = 0; i < specials.size(); i++) {
            added.addObject().put("id", i).put("content", specials.get(i)).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putNull("normalizer");
        root.set("pre_tokenizer", metaspace());
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        post.set("single", Json.MAPPER.valueToTree(List.of(Map.of("Sequence", Map.of("id", "A", "type_id", 0)),
                Map.of("SpecialToken", Map.of("id", "</s>", "type_id", 0)))));
        post.set("pair", Json.MAPPER.valueToTree(List.of(Map.of("Sequence", Map.of("id", "A", "type_id", 0)),
                Map.of("SpecialToken", Map.of("id", "</s>", "type_id", 0)), Map.of("Sequence", Map.of("id", "B", "type_id", 0)),
                Map.of("SpecialToken", Map.of("id", "</s>", "type_id", 0)))));
        post.set("special_tokens", Json.MAPPER.valueToTree(Map.of("</s>", Map.of("id", "</s>", "ids", List.of(1), "tokens", List.of("</s>")))));
        root.set("decoder", metaspace());
        ObjectNode model = root.putObject("model");
        model.put("type", "Unigram");
        model.put("unk_id", 2);
        ArrayNode vocab = model.putArray("vocab");
        for (String s : specials) vocab.addArray().add(s).add(0.0);
        for (String p : pieces) vocab.addArray().add(p).add(p.length() > 2 ? -1.0 : -5.0);
        model.put("byte_fallback", false);
        Json.write(file, root);
        return file;
    }

    private static ObjectNode metaspace() {
        ObjectNode o = Json.object();
        o.put("type", "Metaspace");
        o.put("replacement", "▁");
        o.put("prepend_scheme", "always");
        o.put("split", true);
        return o;
    }
}
