package dev.retort.route;

import dev.retort.core.BadInputException;
import dev.retort.text.embed.TextEmbedder;
import dev.retort.text.embed.TextRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code route fit --embeddings-from}: a cache is reused only when its vectors fit the encoder. */
class EmbeddingCacheTest {
    static final List<QaPair> PAIRS = List.of(new QaPair("p0", "x", "q0", "a0"), new QaPair("p1", "y", "q1", "a1"));

    /** An encoder that must not be called: every embedding has to come from the cache. */
    record CacheOnly(String name, int dimension) implements TextEmbedder {
        @Override
        public boolean unitNormalized() {
            return true;
        }

        @Override
        public float[][] embed(List<String> texts, TextRole role) {
            throw new AssertionError("embedded instead of reading the cache");
        }
    }

    static Path cacheOf(Path dir, int dimension) {
        float[][] v = new float[PAIRS.size()][dimension];
        for (float[] row : v) row[0] = 1;
        RouteArtifacts.write(dir, "minilm", PAIRS, new boolean[PAIRS.size()], v, v, RouteConfig.defaults(), Map.of());
        return dir;
    }

    @Test
    void vectorsOfTheEncodersDimensionAreReused(@TempDir Path dir) {
        float[][][] emb = RouteArtifacts.embed(PAIRS, new CacheOnly("minilm", 3), cacheOf(dir, 3));
        assertThat(emb[0]).hasNumberOfRows(2);
        assertThat(emb[1][0]).hasSize(3);
    }

    @Test
    void vectorsOfAnotherDimensionAreRefusedNamingTheFileAndBothDimensions(@TempDir Path dir) {
        Path cache = cacheOf(dir, 3);
        assertThatThrownBy(() -> RouteArtifacts.embed(PAIRS, new CacheOnly("minilm", 384), cache))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(cache.resolve(RouteArtifacts.QUESTIONS).toString())
                .hasMessageContaining("dimension 3").hasMessageContaining("produces 384");
    }
}
