package dev.retort.cli.route;

import dev.retort.route.TextEncoder;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.SentenceEmbedder;

import java.util.List;

/** The text module's sentence embedders as route's {@link TextEncoder}. */
final class Encoders {
    private Encoders() {
    }

    static TextEncoder open(String name) {
        EmbeddingModel model = EmbeddingModel.parse(name);
        SentenceEmbedder embedder = SentenceEmbedder.open(model);
        return new TextEncoder() {
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
        };
    }
}
