package dev.retort.text.embed;

import dev.retort.core.report.Progress;

import java.util.List;

/**
 * Embeds a list of texts in chunks of {@link #CHUNK} so a progress bar can follow; measures the rate. The chunks
 * start at the first text, and {@link SentenceEmbedder} batches by length inside each chunk, so a text's vector
 * depends only on the chunk it fell in: embedding a list cut at multiples of {@link #CHUNK} (as the Spark job does)
 * gives bit-identical vectors.
 */
public final class Embedding {
    /** Texts per progress step: 16 ONNX batches. */
    public static final int CHUNK = 16 * SentenceEmbedder.BATCH;

    /** Vectors [texts.size()][d] and the wall time the embedding took. */
    public record Result(float[][] vectors, double seconds) {
        public double textsPerSecond() {
            return vectors.length / Math.max(seconds, 1e-9);
        }
    }

    private Embedding() {
    }

    public static Result run(SentenceEmbedder embedder, List<String> texts, TextRole role, String task) {
        float[][] out = new float[texts.size()][];
        long start = System.nanoTime();
        try (Progress progress = Progress.start(task, texts.size())) {
            for (int from = 0; from < texts.size(); from += CHUNK) {
                List<String> chunk = texts.subList(from, Math.min(texts.size(), from + CHUNK));
                float[][] v = embedder.embed(chunk, role);
                System.arraycopy(v, 0, out, from, v.length);
                progress.advance(v.length);
            }
        }
        return new Result(out, (System.nanoTime() - start) / 1e9);
    }
}
