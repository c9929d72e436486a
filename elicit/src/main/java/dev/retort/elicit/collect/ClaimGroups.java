package dev.retort.elicit.collect;

import dev.retort.core.Rng;
import dev.retort.text.embed.TextEmbedder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Claims grouped by embedding similarity: seeds taken in random order, each with its most similar still
 * ungrouped claims, so a group's context examples resemble its targets. A few global anchors join every group
 * as extra context, linking groups to each other.
 */
record ClaimGroups(List<int[]> groups, int[] anchors) {

    /** @param vectors unit rows (or zero rows), one per claim: their dot product is the cosine */
    static ClaimGroups build(float[][] vectors, int groupSize, int anchorCount, Rng rng) {
        List<int[]> groups = greedy(vectors, groupSize, null, rng);
        int[] anchors = Arrays.copyOf(rng.permutation(vectors.length), Math.min(anchorCount, vectors.length));
        return new ClaimGroups(groups, anchors);
    }

    /**
     * New groups for a second round: seeds in a new random order, each with its most similar ungrouped claims that
     * come from first-round groups not yet in the new group, so claims meet neighbours they were not grouped with
     * before (when too few such claims are left, the most similar remaining ones fill the group). Same anchors.
     */
    ClaimGroups regroup(float[][] vectors, int groupSize, Rng rng) {
        int[] firstGroup = new int[vectors.length];
        for (int g = 0; g < groups.size(); g++) for (int m : groups.get(g)) firstGroup[m] = g;
        return new ClaimGroups(greedy(vectors, groupSize, firstGroup, rng), anchors);
    }

    /** The greedy grouping; with {@code firstGroup} set, at most one member per first-round group while possible. */
    private static List<int[]> greedy(float[][] vectors, int groupSize, int[] firstGroup, Rng rng) {
        int n = vectors.length;
        boolean[] taken = new boolean[n];
        List<int[]> groups = new ArrayList<>();
        double[] sim = new double[n];
        for (int seed : rng.permutation(n)) {
            if (taken[seed]) continue;
            taken[seed] = true;
            Integer[] candidates = new Integer[n];
            int c = 0;
            for (int j = 0; j < n; j++) {
                if (taken[j]) continue;
                sim[j] = TextEmbedder.dot(vectors[seed], vectors[j]);
                candidates[c++] = j;
            }
            Integer[] open = Arrays.copyOf(candidates, c);
            Arrays.sort(open, (a, b) -> Double.compare(sim[b], sim[a]));
            List<Integer> members = pick(seed, open, groupSize, firstGroup);
            for (int m : members) taken[m] = true;
            groups.add(members.stream().mapToInt(Integer::intValue).toArray());
        }
        return groups;
    }

    /** The seed and up to groupSize − 1 of the open claims (most similar first), preferring unseen first-round groups. */
    private static List<Integer> pick(int seed, Integer[] open, int groupSize, int[] firstGroup) {
        List<Integer> members = new ArrayList<>(List.of(seed));
        if (firstGroup == null) {
            for (int k = 0; k < Math.min(groupSize - 1, open.length); k++) members.add(open[k]);
            return members;
        }
        Set<Integer> used = new HashSet<>(List.of(firstGroup[seed]));
        List<Integer> passedOver = new ArrayList<>();
        for (int j : open) {
            if (members.size() == groupSize) break;
            if (used.add(firstGroup[j])) members.add(j);
            else passedOver.add(j);
        }
        for (int j : passedOver) {
            if (members.size() == groupSize) break;
            members.add(j);
        }
        return members;
    }
}
