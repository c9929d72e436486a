package dev.retort.spark.embed;

import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;

import java.util.HashMap;
import java.util.Map;

/**
 * One ONNX session per executor JVM and model, opened by the first task that needs it and shared by the tasks that
 * run at once there (ONNX Runtime sessions are safe to call from several threads). It lives as long as the executor.
 */
final class Embedders {
    private static final Map<String, SentenceEmbedder> OPEN = new HashMap<>();

    private Embedders() {
    }

    static synchronized SentenceEmbedder get(EmbeddingModel model, int threads) {
        return OPEN.computeIfAbsent(model.cliName() + "/" + threads, k -> SentenceEmbedder.open(model, threads));
    }
}
