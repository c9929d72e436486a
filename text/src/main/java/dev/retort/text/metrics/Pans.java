package dev.retort.text.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Position-Aware N-gram Similarity (PANS) between a predicted and a reference token sequence, in [0, 1].
 *
 * <p>Definition. Let p (length P) and r (length R) be token sequences and n ∈ {1, 2, 3, 4}. The n-gram of p
 * starting at i has relative position u_i = i / max(1, P − n), likewise v_j = j / max(1, R − n) for r.
 * Walking the n-grams of p from left to right, each one is matched to the not-yet-used equal n-gram of r
 * with the largest credit 1 − |u_i − v_j| (ties: the leftmost j); an n-gram with no unused equal partner
 * earns 0. The order score is S_n = Σ credit / max(#n-grams of p, #n-grams of r), so both extra and missing
 * n-grams cost. PANS is the mean of S_n over the orders where at least one side has an n-gram; two empty
 * sequences score 1. PANS = 1 exactly when p = r; an n-gram that appears in the right place earns more than
 * the same n-gram at the other end of the sequence, which is what distinguishes PANS from BLEU's bag of
 * n-grams.
 */
public final class Pans {
    static final int MAX_ORDER = 4;

    private Pans() {
    }

    public static double score(List<String> reference, List<String> prediction) {
        double sum = 0;
        int orders = 0;
        for (int n = 1; n <= MAX_ORDER; n++) {
            int predCount = Math.max(0, prediction.size() - n + 1);
            int refCount = Math.max(0, reference.size() - n + 1);
            if (predCount == 0 && refCount == 0) continue;
            orders++;
            if (predCount == 0 || refCount == 0) continue;
            sum += orderCredit(reference, prediction, n) / Math.max(predCount, refCount);
        }
        return orders == 0 ? 1.0 : sum / orders;
    }

    public static double score(String reference, String prediction) {
        return score(CodeTokens.of(reference), CodeTokens.of(prediction));
    }

    private static double orderCredit(List<String> ref, List<String> pred, int n) {
        Map<List<String>, List<Integer>> refPositions = new HashMap<>();
        for (int j = 0; j + n <= ref.size(); j++) {
            refPositions.computeIfAbsent(ref.subList(j, j + n), k -> new ArrayList<>()).add(j);
        }
        double predSpan = Math.max(1, pred.size() - n);
        double refSpan = Math.max(1, ref.size() - n);
        double credit = 0;
        for (int i = 0; i + n <= pred.size(); i++) {
            List<Integer> candidates = refPositions.get(pred.subList(i, i + n));
            if (candidates == null || candidates.isEmpty()) continue;
            double u = i / predSpan;
            int best = 0;
            double bestCredit = -1;
            for (int c = 0; c < candidates.size(); c++) {
                double cr = 1.0 - Math.abs(u - candidates.get(c) / refSpan);
                if (cr > bestCredit) {
                    bestCredit = cr;
                    best = c;
                }
            }
            candidates.remove(best);
            credit += bestCredit;
        }
        return credit;
    }
}
