package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;
import dev.retort.text.index.ExactIndex;
import dev.retort.text.index.Hit;
import dev.retort.text.index.VectorIndex;

import java.util.List;

/**
 * Feature f6: how close an item is to known-good examples — the maximum cosine similarity between the item
 * text's sentence embedding and an index of the examples' embeddings (both L2-normalized, so inner product =
 * cosine). Texts are embedded as passages on both sides (no query prefix): the comparison is symmetric.
 */
public final class KnnSimilarity {
    private KnnSimilarity() {
    }

    /** Builds an exact index over {@code examples} with {@code model}, then scores {@code texts} against it. */
    public static double[] maxCosine(List<String> texts, List<String> examples, EmbeddingModel model) {
        if (examples.isEmpty()) throw new BadInputException("the reference set of known-good examples is empty");
        try (SentenceEmbedder embedder = SentenceEmbedder.open(model)) {
            VectorIndex index = new ExactIndex(embedder.dimension());
            for (float[] v : embedder.embedPassages(examples)) index.add(v, null);
            return maxCosine(texts, index, embedder);
        }
    }

    /** Scores {@code texts} against an existing index (built with the same embedding model as {@code embedder}). */
    public static double[] maxCosine(List<String> texts, VectorIndex index, SentenceEmbedder embedder) {
        if (index.dimension() != embedder.dimension()) {
            throw new BadInputException("the reference index holds " + index.dimension() + "-d vectors but " + embedder.model()
                    + " makes " + embedder.dimension() + "-d ones; rebuild the index with the same --embedder");
        }
        List<List<Hit>> hits = index.search(embedder.embedPassages(texts), 1);
        double[] out = new double[texts.size()];
        for (int i = 0; i < out.length; i++) out[i] = hits.get(i).isEmpty() ? 0 : hits.get(i).getFirst().score();
        return out;
    }
}
