package dev.retort.elicit.predict;

import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;

import java.util.List;

/** A sentence-embedding model from the text module (MiniLM, MiniLM int8, BGE small), embedding claims as passages. */
public final class ModelEmbedder implements Embedder {
    private final SentenceEmbedder embedder;

    public ModelEmbedder(EmbeddingModel model) {
        this.embedder = SentenceEmbedder.open(model);
    }

    /** "minilm", "minilm-q", "bge" → that model; "hashing" → {@link HashingEmbedder} (no model). */
    public static Embedder open(String name) {
        return name.equalsIgnoreCase("hashing") ? new HashingEmbedder(1024) : new ModelEmbedder(EmbeddingModel.parse(name));
    }

    @Override
    public float[][] embed(List<String> texts) {
        return embedder.embedPassages(texts);
    }

    @Override
    public String name() {
        return embedder.model().cliName();
    }

    @Override
    public void close() {
        embedder.close();
    }
}
