package dev.retort.cli.kd;

import dev.retort.text.embed.TextEmbedder;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;

import java.util.function.Supplier;

/** Opens the sentence embedder on first use (only runs whose losses or metrics need it pay for loading it). */
final class SentenceEmbedderSupplier implements Supplier<TextEmbedder>, AutoCloseable {
    private final EmbeddingModel model;
    private SentenceEmbedder embedder;

    SentenceEmbedderSupplier(String name) {
        this.model = EmbeddingModel.parse(name);
    }

    @Override
    public synchronized TextEmbedder get() {
        if (embedder == null) embedder = SentenceEmbedder.open(model);
        return embedder;
    }

    @Override
    public synchronized void close() {
        if (embedder != null) embedder.close();
    }
}
