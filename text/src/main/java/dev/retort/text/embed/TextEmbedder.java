package dev.retort.text.embed;

import java.util.List;

/**
 * Texts to vectors: the one embedding interface of retort ({@link SentenceEmbedder} in production; small lexical
 * embedders in tests and elicit's {@code HashingEmbedder}).
 *
 * <p>Convention: {@link #embed} returns one row of length {@link #dimension()} per text, in input order. When
 * {@link #unitNormalized()} is true, every row has L2 norm 1 (up to float rounding), or is all zeros for a text
 * that gave the embedder nothing to embed; {@link #dot} of two such rows is then their cosine similarity.
 * {@link #cosine} divides by the norms and so works for any rows.
 */
public interface TextEmbedder extends AutoCloseable {
    /** A short name stored with the vectors (run.json, embedding caches), e.g. "minilm". */
    String name();

    /** Length of every row. */
    int dimension();

    /** Whether every non-zero row has L2 norm 1. */
    boolean unitNormalized();

    /** One row per text; {@link TextRole#QUERY} adds the model's query prefix, if it has one. */
    float[][] embed(List<String> texts, TextRole role);

    /** The texts as stored passages: {@code embed(texts, TextRole.PASSAGE)}. */
    default float[][] embed(List<String> texts) {
        return embed(texts, TextRole.PASSAGE);
    }

    @Override
    default void close() {
    }

    /** Cosine similarity of any two rows, accumulated in double; 0 when either row is zero. */
    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0.0 : dot / Math.sqrt(na * nb);
    }

    /** Dot product accumulated in double: the cosine similarity of two rows of a {@link #unitNormalized()} embedder. */
    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
