package dev.retort.route;

import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;

import java.util.List;

/** The text module's sentence embedders (minilm, minilm-q, bge) as a {@link TextEncoder}. */
public final class SentenceTextEncoder implements TextEncoder {
    private final EmbeddingModel model;
    private final SentenceEmbedder embedder;

    private SentenceTextEncoder(EmbeddingModel model) {
        this.model = model;
        this.embedder = SentenceEmbedder.open(model);
    }

    /** Opens the embedding model named as {@link EmbeddingModel#parse} reads it (the name a route model directory stores). */
    public static TextEncoder open(String name) {
        return new SentenceTextEncoder(EmbeddingModel.parse(name));
    }

    @Override
    public String name() {
        return model.cliName();
    }

    @Override
    public int dimension() {
        return embedder.dimension();
    }

    @Override
    public float[][] queries(List<String> texts) {
        return embedder.embedQueries(texts);
    }

    @Override
    public float[][] passages(List<String> texts) {
        return embedder.embedPassages(texts);
    }

    @Override
    public void close() {
        embedder.close();
    }
}
