package dev.retort.core.train;

import dev.retort.core.RetortException;
import dev.retort.core.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MinibatchEpochsTest {

    @Property(tries = 60)
    void everyEpochVisitsEachRowOnceInBatchesOfTheSizeAskedExceptShortTails(@ForAll @IntRange(min = 1, max = 40) int n,
                                                                           @ForAll @IntRange(min = 1, max = 9) int batch,
                                                                           @ForAll @IntRange(min = 1, max = 3) int minBatch) {
        int min = Math.min(minBatch, batch);
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = 100 + 3 * i;             // arbitrary row numbers, not 0..n-1
        List<int[]> seen = new ArrayList<>();
        int ran = new MinibatchEpochs(batch, min, 2, "test").run(rows, new Rng(7), b -> {
            seen.add(b.clone());
            return 1.0;
        }, (epoch, loss) -> true);
        assertThat(ran).isEqualTo(2);
        int perEpoch = seen.size() / 2;
        for (int e = 0; e < 2; e++) {
            List<Integer> visited = new ArrayList<>();
            for (int k = 0; k < perEpoch; k++) {
                int[] b = seen.get(e * perEpoch + k);
                assertThat(b.length).isBetween(min, batch);
                if (k < perEpoch - 1) assertThat(b.length).isEqualTo(batch);
                for (int r : b) visited.add(r);
            }
            int skipped = n % batch != 0 && n % batch < min ? n % batch : 0;
            assertThat(visited).doesNotHaveDuplicates().hasSize(n - skipped);
            assertThat(Arrays.stream(rows).boxed().toList()).containsAll(visited);
        }
    }

    @Test
    void theSameSeedGivesTheSameBatchesAndAnotherSeedOthers() {
        int[] rows = MinibatchEpochs.allRows(50);
        assertThat(batches(rows, 3)).isEqualTo(batches(rows, 3)).isNotEqualTo(batches(rows, 4));
    }

    private static List<List<Integer>> batches(int[] rows, long seed) {
        List<List<Integer>> out = new ArrayList<>();
        new MinibatchEpochs(8, 3, "test").run(rows, new Rng(seed), b -> {
            out.add(Arrays.stream(b).boxed().toList());
            return 0;
        }, (e, l) -> true);
        return out;
    }

    @Test
    void theEpochEndSeesTheMeanLossAndCanStopTraining() {
        List<Double> means = new ArrayList<>();
        double[] next = {1};
        int ran = new MinibatchEpochs(2, 10, "test").run(MinibatchEpochs.allRows(4), new Rng(1), b -> next[0]++, (epoch, loss) -> {
            means.add(loss);
            return epoch < 3;
        });
        assertThat(ran).isEqualTo(3);
        assertThat(means).containsExactly(1.5, 3.5, 5.5);   // two batches per epoch, losses 1,2 | 3,4 | 5,6
    }

    @Test
    void aNonFiniteLossStopsWithTheTrainerEpochAndBatchNamed() {
        int[] calls = {0};
        assertThatThrownBy(() -> new MinibatchEpochs(2, 5, "student distillation").run(MinibatchEpochs.allRows(6), new Rng(1),
                b -> ++calls[0] == 5 ? Double.NaN : 0.5, (e, l) -> true))
                .isInstanceOf(RetortException.class)
                .hasMessageContaining("student distillation: loss became NaN at epoch 2, batch 1");
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new MinibatchEpochs(0, 1, "x")).hasMessageContaining("--batch-size must be at least 1");
        assertThatThrownBy(() -> new MinibatchEpochs(4, 0, "x")).hasMessageContaining("--epochs must be at least 1");
    }
}
