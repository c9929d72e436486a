package dev.retort.kd.train;

import dev.retort.core.Rng;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Batches of similar length, so little of each batch is padding (the encoder cost grows with the longest
 * source in a batch). Examples are sorted by source length with a random tie-break, cut into batches, and the
 * batch order is shuffled; the plan depends only on the epoch's random stream.
 */
final class LengthBuckets {
    private LengthBuckets() {
    }

    /** Example indices per batch, for one epoch; {@code sourceLengths[i]} is example i's source length. */
    static List<int[]> plan(int[] sourceLengths, int batchSize, Rng rng) {
        int n = sourceLengths.length;
        int[] noise = rng.permutation(n);
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) order.add(i);
        order.sort(Comparator.<Integer>comparingInt(i -> sourceLengths[i]).thenComparingInt(i -> noise[i]));
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            batches.add(order.subList(start, end).stream().mapToInt(Integer::intValue).toArray());
        }
        rng.shuffle(batches);
        return batches;
    }
}
