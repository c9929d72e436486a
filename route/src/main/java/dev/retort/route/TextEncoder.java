package dev.retort.route;

import java.util.List;

/** Turns texts into unit-norm embeddings, with the model's own query and passage conventions. */
public interface TextEncoder extends AutoCloseable {
    /** A short name stored with cached embeddings, e.g. "minilm". */
    String name();

    /** Length of every embedding this encoder returns. */
    int dimension();

    float[][] queries(List<String> texts);

    float[][] passages(List<String> texts);

    @Override
    default void close() {
    }
}
