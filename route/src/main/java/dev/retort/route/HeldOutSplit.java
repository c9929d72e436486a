package dev.retort.route;

import dev.retort.core.BadInputException;
import dev.retort.core.Rng;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A seeded split that holds out whole groups of pairs: the groups are shuffled and a fraction of them is held out,
 * so a group never lands on both sides. What a group is depends on the {@link Kind}.
 */
public final class HeldOutSplit {
    /** What is held out. */
    public enum Kind {
        /**
         * Distinct question texts (a question asked twice never lands on both sides); other phrasings of a held-out
         * question's answer, and usually the answer itself, stay in training — new wording of known topics.
         */
        PARAPHRASE("distinct question texts held out; their answers' other phrasings stay in training", QaPair::question),
        /**
         * Whole answer clusters ({@code cluster_id}: an answer and its rewrites): no training pair shares a held-out
         * question's cluster, so its answer and topic were never seen in fitting.
         */
        TOPIC("whole answer clusters (cluster_id) held out; no training pair shares a held-out question's cluster", QaPair::clusterId);

        private final String description;
        private final Function<QaPair, String> group;

        Kind(String description, Function<QaPair, String> group) {
            this.description = description;
            this.group = group;
        }

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String description() {
            return description;
        }

        public static Kind parse(String name) {
            for (Kind k : values()) if (k.cliName().equals(name.strip().toLowerCase(Locale.ROOT))) return k;
            throw new BadInputException("unknown split '" + name + "': use one of "
                    + Arrays.stream(values()).map(Kind::cliName).collect(Collectors.joining(", ")));
        }
    }

    private HeldOutSplit() {
    }

    /** heldOut[i] for each pair, holding out a {@code fraction} in [0, 1) of the kind's groups. */
    public static boolean[] of(List<QaPair> pairs, double fraction, long seed, Kind kind) {
        if (fraction < 0 || fraction >= 1) throw new BadInputException("--holdout must be in [0, 1), got " + fraction);
        if (kind == Kind.TOPIC && pairs.stream().allMatch(p -> p.clusterId().equals(p.pairId())))
            throw new BadInputException("the topic split holds out whole cluster_id groups, but no pair has a cluster_id of its own; "
                    + "add cluster_id to the data or use the paraphrase split");
        Map<String, Integer> groupOf = new LinkedHashMap<>();
        int[] group = new int[pairs.size()];
        for (int i = 0; i < group.length; i++) group[i] = groupOf.computeIfAbsent(kind.group.apply(pairs.get(i)).strip(), q -> groupOf.size());
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
