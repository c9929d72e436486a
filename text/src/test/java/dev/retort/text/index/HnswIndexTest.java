package dev.retort.text.index;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.retort.text.index.RandomVectors.bestIds;
import static dev.retort.text.index.RandomVectors.dot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HnswIndexTest {

    @Test
    void recallAt10IsAtLeast90PercentOnRandomVectors() {
        float[][] data = RandomVectors.unit(3000, 32, 11);
        float[][] q = RandomVectors.unit(100, 32, 12);
        List<List<Hit>> result = RandomVectors.filled(VectorIndex.Kind.HNSW, data).search(q, 10);
        int found = 0;
        for (int i = 0; i < q.length; i++) {
            int[] truth = bestIds(data, q[i], 10);
            for (Hit h : result.get(i)) {
                if (Arrays.stream(truth).anyMatch(t -> t == h.id())) found++;
                assertThat(h.score()).isCloseTo(dot(data[h.id()], q[i]), within(1e-5f));   // exact rerank scores
            }
            assertThat(result.get(i)).isSortedAccordingTo((a, b) -> Float.compare(b.score(), a.score()));
        }
        assertThat(found / (10.0 * q.length)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void growsAfterASearch() {
        float[][] data = RandomVectors.unit(300, 16, 3);
        VectorIndex index = RandomVectors.filled(VectorIndex.Kind.HNSW, data);
        float[] q = RandomVectors.unit(1, 16, 4)[0];
        assertThat(index.search(q, 1).getFirst().id()).isEqualTo(bestIds(data, q, 1)[0]);
        int id = index.add(q, Map.of("text", "new"));
        assertThat(index.search(q, 1).getFirst().id()).isEqualTo(id);
    }
}
