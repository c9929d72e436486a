package dev.retort.elicit.predict;

import java.util.List;

/** Texts to L2-normalized vectors; the local predictor and the grouping of claims use it. */
public interface Embedder extends AutoCloseable {
    float[][] embed(List<String> texts);

    /** Name recorded in run.json and in the tuples' model field. */
    String name();

    @Override
    default void close() {
    }

    static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
