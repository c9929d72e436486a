package dev.retort.elicit.predict;

import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;
import dev.retort.text.embed.TextEmbedder;

/** The embedders {@code elicit collect --embedder} names. */
public final class Embedders {
    private Embedders() {
    }

    /** "minilm", "minilm-q", "bge" → that sentence-embedding model; "hashing" → a 1024-bucket {@link HashingEmbedder} (no model). */
    public static TextEmbedder open(String name) {
        return name.equalsIgnoreCase("hashing") ? new HashingEmbedder(1024) : SentenceEmbedder.open(EmbeddingModel.parse(name));
    }
}
