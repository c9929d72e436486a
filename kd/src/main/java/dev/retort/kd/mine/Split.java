package dev.retort.kd.mine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.io.Json;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.data.SplitSetting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Train/valid/test assignment by split group — the test method ({@code in-project}) or the top-level test class
 * ({@code new-class}; nested classes go with their outer class), prefixed by the artifact: the first 8 bytes of
 * SHA-256(seed + ":" + group) as a fraction u; train u &lt; 0.8, valid u &lt; 0.9, else test. A group never lands in two
 * splits, and the assignment does not depend on which other groups exist. Then exact duplicates — examples with the
 * same input (masked test and focal method) and target — are gathered into one split, the split of the copy with the
 * smallest id, so no held-out example has its twin in training.
 */
final class Split {
    static final double TRAIN = 0.8, VALID = 0.1;
    private final long seed;
    private final SplitSetting setting;
    private final boolean byRank;
    /** In rank mode: the split of each group of the examples last assigned. */
    private final Map<String, String> ranked = new HashMap<>();
    private int duplicatesMoved;

    Split(long seed, SplitSetting setting) {
        this(seed, setting, false);
    }

    private Split(long seed, SplitSetting setting, boolean byRank) {
        this.seed = seed;
        this.setting = setting;
        this.byRank = byRank;
    }

    /**
     * The fallback for a corpus too small for the thresholds: split by test method, the groups ordered by the same
     * hash fraction u, the last max(1, round(10%)) to test, the max(1, round(10%)) before them to valid, the rest to
     * train — so with three or more test methods no split is empty. Depends on which other groups exist.
     */
    static Split byRank(long seed) {
        return new Split(seed, SplitSetting.IN_PROJECT, true);
    }

    String of(String group) {
        if (byRank) return java.util.Objects.requireNonNull(ranked.get(group), group);
        double u = u(group);
        return u < TRAIN ? "train" : u < TRAIN + VALID ? "valid" : "test";
    }

    private double u(String group) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((seed + ":" + group).getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 8; i++) bits = bits << 8 | (h[i] & 0xFF);
            return (bits >>> 11) * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void rank(List<AssertionExample> examples) {
        ranked.clear();
        List<String> groups = new ArrayList<>(examples.stream().map(this::group).distinct().toList());
        Map<String, Double> us = new HashMap<>();
        groups.forEach(g -> us.put(g, u(g)));
        groups.sort(Comparator.comparing((String g) -> us.get(g)).thenComparing(Comparator.naturalOrder()));
        int n = groups.size();
        int test = Math.max(1, (int) Math.round(n * (1 - TRAIN - VALID))), valid = Math.max(1, (int) Math.round(n * VALID));
        for (int i = 0; i < n; i++) ranked.put(groups.get(i), i >= n - test ? "test" : i >= n - test - valid ? "valid" : "train");
    }

    /** "a.b.Outer.Inner" of a nested class → the top-level "a.b.Outer" (classes start upper case, packages lower). */
    static String topLevel(String testClass) {
        String[] parts = testClass.split("\\.");
        StringBuilder out = new StringBuilder();
        for (String p : parts) {
            if (!out.isEmpty()) out.append('.');
            out.append(p);
            if (!p.isEmpty() && Character.isUpperCase(p.charAt(0))) break;
        }
        return out.toString();
    }

    /** The unit this setting splits by, artifact included. */
    String group(AssertionExample e) {
        return e.artifact() + "/" + switch (setting) {
            case IN_PROJECT -> e.methodId();
            case NEW_CLASS -> topLevel(e.testClass());
        };
    }

    /** The examples by split, each carrying its split group; duplicates gathered as the class comment says. */
    Map<String, List<AssertionExample>> assign(List<AssertionExample> examples) {
        if (byRank) rank(examples);
        Map<String, AssertionExample> firstCopy = new HashMap<>();
        Comparator<AssertionExample> byId = Comparator.comparing(AssertionExample::id);
        for (AssertionExample e : examples) firstCopy.merge(key(e), e, (a, b) -> byId.compare(a, b) <= 0 ? a : b);
        Map<String, List<AssertionExample>> out = new LinkedHashMap<>();
        for (String s : List.of("train", "valid", "test")) out.put(s, new ArrayList<>());
        duplicatesMoved = 0;
        for (AssertionExample e : examples) {
            String group = group(e);
            String own = of(group), split = of(group(firstCopy.get(key(e))));
            if (!own.equals(split)) duplicatesMoved++;
            out.get(split).add(e.withSplitGroup(group));
        }
        return out;
    }

    private static String key(AssertionExample e) {
        return e.input("\u0000") + "\u0001" + e.target();
    }

    ObjectNode describe(Map<String, List<AssertionExample>> bySplit) {
        ObjectNode o = Json.object();
        o.put("setting", setting.label());
        if (byRank) o.put("assignment", "by rank (fallback)");
        o.put("duplicates_moved_to_their_first_copy", duplicatesMoved);
        bySplit.forEach((name, list) -> {
            Set<String> classes = new HashSet<>(), methods = new HashSet<>();
            list.forEach(e -> {
                classes.add(e.artifact() + "/" + topLevel(e.testClass()));
                methods.add(e.artifact() + "/" + e.methodId());
            });
            o.putObject(name).put("examples", list.size()).put("test_methods", methods.size()).put("test_classes", classes.size());
        });
        return o;
    }
}
