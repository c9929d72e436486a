package dev.retort.kd.metrics;

import dev.retort.text.embed.TextRole;

import java.util.List;

/**
 * kd's former name for the text module's {@link dev.retort.text.embed.TextEmbedder}, left only because
 * {@code Distiller.run} and {@code DistillationPipeline.run} still take a {@code Supplier} of it. Everything else in
 * kd takes the text module's interface; this one goes once those two name it too.
 */
public interface TextEmbedder extends dev.retort.text.embed.TextEmbedder {
    /** {@code embedder} under this name. Closing the view does not close {@code embedder}: its opener does. */
    static TextEmbedder of(dev.retort.text.embed.TextEmbedder embedder) {
        return new TextEmbedder() {
            @Override
            public String name() {
                return embedder.name();
            }

            @Override
            public int dimension() {
                return embedder.dimension();
            }

            @Override
            public boolean unitNormalized() {
                return embedder.unitNormalized();
            }

            @Override
            public float[][] embed(List<String> texts, TextRole role) {
                return embedder.embed(texts, role);
            }
        };
    }
}
