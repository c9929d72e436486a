package dev.retort.kd.mine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.io.Json;
import dev.retort.kd.data.AssertionExample;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Train/valid/test assignment by top-level test class (nested classes go with their outer class): the first
 * 8 bytes of SHA-256(seed + ":" + class) as a fraction u; train u &lt; 0.8, valid u &lt; 0.9, else test. A class
 * never lands in two splits, and the assignment does not depend on which other classes exist.
 */
final class Split {
    static final double TRAIN = 0.8, VALID = 0.1;
    private final long seed;

    Split(long seed) {
        this.seed = seed;
    }

    String of(String topLevelTestClass) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((seed + ":" + topLevelTestClass).getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 8; i++) bits = bits << 8 | (h[i] & 0xFF);
            double u = (bits >>> 11) * 0x1.0p-53;
            return u < TRAIN ? "train" : u < TRAIN + VALID ? "valid" : "test";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    Map<String, List<AssertionExample>> assign(List<AssertionExample> examples) {
        Map<String, List<AssertionExample>> out = new LinkedHashMap<>();
        for (String s : List.of("train", "valid", "test")) out.put(s, new ArrayList<>());
        for (AssertionExample e : examples) out.get(of(e.artifact() + "/" + topLevel(e.testClass()))).add(e);
        return out;
    }

    ObjectNode describe(Map<String, List<AssertionExample>> bySplit) {
        ObjectNode o = Json.object();
        bySplit.forEach((name, list) -> {
            Set<String> classes = new HashSet<>();
            list.forEach(e -> classes.add(e.artifact() + "/" + topLevel(e.testClass())));
            o.putObject(name).put("examples", list.size()).put("test_classes", classes.size());
        });
        return o;
    }
}
