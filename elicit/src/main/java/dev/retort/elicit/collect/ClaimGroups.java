package dev.retort.elicit.collect;

import dev.retort.core.Rng;
import dev.retort.text.embed.TextEmbedder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Claims grouped by embedding similarity: seeds taken in random order, each with its most similar still
 * ungrouped claims, so a group's context examples resemble its targets. A few global anchors join every group
 * as extra context, linking groups to each other.
 */
record ClaimGroups(List<int[]> groups, int[] anchors) {

    /** @param vectors unit rows (or zero rows), one per claim: their dot product is the cosine */
    static ClaimGroups build(float[][] vectors, int groupSize, int anchorCount, Rng rng) {
        int n = vectors.length;
        boolean[] taken = new boolean[n];
        List<int[]> groups = new ArrayList<>();
        double[] sim = new double[n];
        for (int seed : rng.permutation(n)) {
            if (taken[seed]) continue;
            taken[seed] = true;
            List<Integer> members = new ArrayList<>(List.of(seed));
            Integer[] candidates = new Integer[n];
            int c = 0;
            for (int j = 0; j < n; j++) {
                if (taken[j]) continue;
                sim[j] = TextEmbedder.dot(vectors[seed], vectors[j]);
                candidates[c++] = j;
            }
            Integer[] open = Arrays.copyOf(candidates, c);
            Arrays.sort(open, (a, b) -> Double.compare(sim[b], sim[a]));
            for (int k = 0; k < Math.min(groupSize - 1, open.length); k++) {
                members.add(open[k]);
                taken[open[k]] = true;
            }
            groups.add(members.stream().mapToInt(Integer::intValue).toArray());
        }
        int[] anchors = Arrays.copyOf(rng.permutation(n), Math.min(anchorCount, n));
        return new ClaimGroups(groups, anchors);
    }
}
