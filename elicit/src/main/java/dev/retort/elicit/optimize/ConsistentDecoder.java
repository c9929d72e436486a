package dev.retort.elicit.optimize;

import dev.retort.elicit.claims.Claim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;

/**
 * Turns soft labels into hard ones that satisfy the declared rules: inside a group with consistency keys, at
 * most one key is true (exactly one on exactly-one data sets) and all claims of a key share its label; the
 * key with the highest mean q wins, and is true when its mean q > 0.5 (always, on exactly-one data sets).
 * Claims without a group or key are thresholded at 0.5.
 */
final class ConsistentDecoder {
    private ConsistentDecoder() {
    }

    static int[] decode(LabelProblem problem, double[] q) {
        int[] y = new int[q.length];
        for (int i = 0; i < q.length; i++) y[i] = q[i] > 0.5 ? 1 : 0;
        for (int[] group : problem.claims.groups()) {
            Map<String, List<Integer>> byKey = new LinkedHashMap<>();
            for (int i : group) {
                Claim c = problem.claims.get(i);
                if (c.consistencyKey() != null) byKey.computeIfAbsent(c.consistencyKey(), k -> new ArrayList<>()).add(i);
            }
            if (byKey.size() < 2 && !(byKey.size() == 1 && byKey.values().iterator().next().size() > 1)) continue;
            String best = null;
            double bestMean = -1;
            for (var e : byKey.entrySet()) {
                double mean = e.getValue().stream().mapToDouble(i -> q[i]).average().orElse(0);
                if (mean > bestMean) {
                    bestMean = mean;
                    best = e.getKey();
                }
            }
            boolean winnerTrue = (problem.claims.exactlyOne() && byKey.size() > 1) || bestMean > 0.5;
            for (var e : byKey.entrySet())
                for (int i : e.getValue()) y[i] = e.getKey().equals(best) && winnerTrue ? 1 : 0;
        }
        return y;
    }
}
