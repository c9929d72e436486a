package dev.retort.kd.metrics;

import java.util.List;

/**
 * Maps texts to L2-normalized vectors, one row per text. Production code passes the sentence embedder of the
 * text module ({@code SentenceEmbedder::embedPassages}); cosine similarity is then a dot product.
 */
@FunctionalInterface
public interface TextEmbedder {
    float[][] embed(List<String> texts);

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0.0 : dot / Math.sqrt(na * nb);
    }
}
