package dev.retort.route;

import dev.retort.core.BadInputException;
import dev.retort.core.Rng;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A seeded split that holds out questions: distinct question texts are shuffled and a fraction of them is
 * held out, so a question asked twice never lands on both sides.
 */
public final class HeldOutSplit {
    private HeldOutSplit() {
    }

    /** heldOut[i] for each pair; fraction in [0, 1). */
    public static boolean[] of(List<QaPair> pairs, double fraction, long seed) {
        if (fraction < 0 || fraction >= 1) throw new BadInputException("--holdout must be in [0, 1), got " + fraction);
        Map<String, Integer> groupOf = new LinkedHashMap<>();
        int[] group = new int[pairs.size()];
        for (int i = 0; i < group.length; i++) group[i] = groupOf.computeIfAbsent(pairs.get(i).question().strip(), q -> groupOf.size());
        int groups = groupOf.size();
        int[] perm = new Rng(seed).fork("holdout").permutation(groups);
        int nHeld = (int) Math.round(groups * fraction);
        boolean[] heldGroup = new boolean[groups];
        for (int i = 0; i < nHeld; i++) heldGroup[perm[i]] = true;
        boolean[] held = new boolean[pairs.size()];
        for (int i = 0; i < held.length; i++) held[i] = heldGroup[group[i]];
        return held;
    }

    /** Indices where flags[i] == value. */
    public static int[] where(boolean[] flags, boolean value) {
        int n = 0;
        for (boolean f : flags) if (f == value) n++;
        int[] out = new int[n];
        for (int i = 0, j = 0; i < flags.length; i++) if (flags[i] == value) out[j++] = i;
        return out;
    }
}
