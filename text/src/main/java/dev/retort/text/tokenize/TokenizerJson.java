package dev.retort.text.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.AtomicFiles;
import dev.retort.core.io.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The Hugging Face {@code tokenizer.json} layout of a {@link Tokenizer}: BPE model, ByteLevel pre-tokenizer and decoder. */
final class TokenizerJson {
    private TokenizerJson() {
    }

    static void write(Tokenizer t, Path file) {
        ObjectNode root = Json.object();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < t.vocabSize(); i++) {
            if (!t.isSpecial(i)) continue;
            added.addObject().put("id", i).put("content", t.token(i)).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(false));
        root.putNull("post_processor");
        root.set("decoder", byteLevel(true));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        t.vocabulary().forEach(vocab::put);
        ArrayNode merges = model.putArray("merges");
        for (long[] m : t.merges()) merges.add(t.token(Pairs.left(m[0])) + " " + t.token(Pairs.right(m[0])));
        AtomicFiles.writeString(file, Json.toJson(root));
    }

    private static ObjectNode byteLevel(boolean prefixSpace) {
        ObjectNode o = Json.object();
        o.put("type", "ByteLevel");
        o.put("add_prefix_space", prefixSpace);
        o.put("trim_offsets", true);
        o.put("use_regex", true);
        return o;
    }

    /** Whether a parsed {@code tokenizer.json} is byte-level BPE with {@link Tokenizer#SPECIALS} as ids 0–4, as {@link #write} makes it. */
    static boolean hasOwnLayout(JsonNode root) {
        JsonNode vocab = root.path("model").path("vocab");
        if (!"BPE".equals(root.path("model").path("type").asText()) || !"ByteLevel".equals(root.path("pre_tokenizer").path("type").asText())
                || !vocab.isObject()) {
            return false;
        }
        for (int i = 0; i < Tokenizer.SPECIALS.size(); i++) {
            if (vocab.path(Tokenizer.SPECIALS.get(i)).asInt(-1) != i) return false;
        }
        return true;
    }

    static Tokenizer read(Path file) {
        JsonNode root = Json.readTree(file);
        JsonNode model = root.path("model");
        if (!"BPE".equals(model.path("type").asText())) throw bad(file, "model.type", "expected BPE, found " + model.path("type"));
        if (!"ByteLevel".equals(root.path("pre_tokenizer").path("type").asText()))
            throw bad(file, "pre_tokenizer.type", "expected ByteLevel, found " + root.path("pre_tokenizer").path("type"));
        JsonNode vocab = model.path("vocab");
        if (!vocab.isObject()) throw bad(file, "model.vocab", "expected an object of token -> id");
        String[] byId = new String[vocab.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            var e = it.next();
            int id = e.getValue().asInt(-1);
            if (!e.getValue().isInt() || id < 0 || id >= byId.length || byId[id] != null)
                throw bad(file, "model.vocab", "ids must be 0.." + (byId.length - 1) + " once each; bad id for " + e.getKey());
            byId[id] = e.getKey();
        }
        List<String> tokens = List.of(byId);
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        for (int i = 0; i < byId.length; i++) ids.put(byId[i], i);
        List<long[]> merges = new ArrayList<>();
        JsonNode list = model.path("merges");
        for (int r = 0; r < list.size(); r++) {
            JsonNode m = list.get(r);
            String left, right;
            if (m.isTextual() && m.asText().split(" ", -1).length == 2) {
                String[] lr = m.asText().split(" ", -1);
                left = lr[0];
                right = lr[1];
            } else if (m.isArray() && m.size() == 2) {
                left = m.get(0).asText();
                right = m.get(1).asText();
            } else {
                throw bad(file, "model.merges[" + r + "]", "expected \"left right\" or [left, right]");
            }
            Integer l = ids.get(left), rt = ids.get(right), merged = ids.get(left + right);
            if (l == null || rt == null || merged == null)
                throw bad(file, "model.merges[" + r + "]", "a token of '" + left + " " + right + "' is not in the vocabulary");
            merges.add(new long[]{Pairs.of(l, rt), merged});
        }
        try {
            return new Tokenizer(tokens, merges);
        } catch (IllegalArgumentException e) {
            throw bad(file, "model.vocab", e.getMessage());
        }
    }

    private static BadInputException bad(Path file, String field, String problem) {
        return BadInputException.at(file, 0, field, problem);
    }
}
