package dev.retort.text.index;

import dev.retort.core.BadInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.retort.text.index.RandomVectors.bestIds;
import static dev.retort.text.index.RandomVectors.dot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExactIndexTest {

    @Property(tries = 40)
    void returnsTheTrueTopKInOrder(@ForAll @IntRange(min = 1, max = 400) int n, @ForAll @IntRange(min = 1, max = 48) int d,
                                   @ForAll @IntRange(min = 1, max = 25) int k, @ForAll @IntRange(min = 1, max = 7) int queries,
                                   @ForAll long seed) {
        float[][] data = RandomVectors.unit(n, d, seed);
        float[][] q = RandomVectors.unit(queries, d, seed + 1);
        List<List<Hit>> result = RandomVectors.filled(VectorIndex.Kind.EXACT, data).search(q, k);

        assertThat(result).hasSize(queries);
        for (int i = 0; i < queries; i++) {
            List<Hit> hits = result.get(i);
            int[] truth = bestIds(data, q[i], k);
            assertThat(hits).hasSize(Math.min(k, n));
            for (int j = 0; j < hits.size(); j++) {
                Hit h = hits.get(j);
                // Scores are exact and ranked like brute force; ids may differ only between tied scores.
                assertThat(h.score()).isCloseTo(dot(data[h.id()], q[i]), within(1e-5f));
                assertThat(h.score()).isCloseTo(dot(data[truth[j]], q[i]), within(1e-5f));
                assertThat(h.metadata()).containsEntry("row", h.id());
            }
        }
    }

    @Test
    void blocksOfQueriesAndOfVectorsGiveTheBruteForceAnswer() {
        // More vectors than BLOCKS_PER_MERGE blocks of ROWS_PER_BLOCK (so candidates are merged), more queries than one batch.
        int n = ExactIndex.ROWS_PER_BLOCK * (ExactIndex.BLOCKS_PER_MERGE + 2) + 123;
        float[][] data = RandomVectors.unit(n, 8, 7);
        float[][] q = RandomVectors.unit(ExactIndex.QUERIES_PER_BATCH + 10, 8, 8);
        VectorIndex index = RandomVectors.filled(VectorIndex.Kind.EXACT, data);
        List<List<Hit>> all = index.search(q, 12);
        for (int i : new int[]{0, 1, 2, ExactIndex.QUERIES_PER_BATCH - 1, ExactIndex.QUERIES_PER_BATCH, q.length - 1}) {
            List<Hit> one = index.search(q[i], 12);
            // the same hits in the same order; a block product and a single-query product may round the last bit differently
            assertThat(all.get(i)).extracting(Hit::id).containsExactlyElementsOf(one.stream().map(Hit::id).toList());
            for (int j = 0; j < 12; j++) assertThat(all.get(i).get(j).score()).isCloseTo(one.get(j).score(), within(1e-6f));
            int[] truth = bestIds(data, q[i], 12);
            for (int j = 0; j < 12; j++) assertThat(all.get(i).get(j).score()).isCloseTo(dot(data[truth[j]], q[i]), within(1e-5f));
        }
    }

    @Test
    void vectorsAddedAfterASearchAreFound() {
        VectorIndex index = RandomVectors.filled(VectorIndex.Kind.EXACT, RandomVectors.unit(50, 16, 1));
        float[] q = RandomVectors.unit(1, 16, 2)[0];
        index.search(q, 1);
        int id = index.add(q, Map.of("text", "the query itself"));
        Hit best = index.search(q, 1).getFirst();
        assertThat(best.id()).isEqualTo(id);
        assertThat(best.score()).isCloseTo(1f, within(1e-5f));
        assertThat(best.metadata()).containsEntry("text", "the query itself");
    }

    @Test
    void emptyIndexAndKLargerThanSize() {
        VectorIndex index = VectorIndex.create(VectorIndex.Kind.EXACT, 4);
        assertThat(index.search(new float[][]{{1, 0, 0, 0}}, 5)).containsExactly(List.of());
        index.add(new float[]{0, 1, 0, 0}, null);
        assertThat(index.search(new float[]{1, 0, 0, 0}, 5)).singleElement()
                .satisfies(h -> assertThat(h.metadata()).isEmpty());
    }

    @Test
    void rejectsWrongDimensionsAndNonFiniteValues() {
        for (VectorIndex.Kind kind : VectorIndex.Kind.values()) {
            VectorIndex index = VectorIndex.create(kind, 3);
            assertThatThrownBy(() -> index.add(new float[]{1, 2}, null)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("dimension 2").hasMessageContaining("3-d");
            assertThatThrownBy(() -> index.add(new float[]{1, Float.NaN, 0}, null)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("NaN").hasMessageContaining("component 1");
            index.add(new float[]{1, 0, 0}, null);
            assertThatThrownBy(() -> index.search(new float[]{0, 0, Float.POSITIVE_INFINITY}, 1))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("Infinity");
            assertThatThrownBy(() -> index.search(new float[][]{{1, 0, 0}, {1, 0, 0, 0}}, 1))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("query 1 has dimension 4");
            assertThatThrownBy(() -> index.search(new float[]{1, 0, 0}, 0)).isInstanceOf(BadInputException.class);
            assertThat(index.size()).isEqualTo(1);
        }
    }
}
