package dev.retort.kd.evaluate;

import dev.retort.text.metrics.AssertionLines;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact match per example with 95 % bootstrap intervals over test methods ({@link ClusterBootstrap}): top-1, top-k
 * (any of the first k distinct candidates is right) and the paired difference of top-1 from BM25's top-1 on the same
 * examples. {@code topK} and {@code minusBm25} are null where they were not measured.
 *
 * @param hits per-example top-1 hits (1 or 0), kept for paired comparisons
 */
public record ExactMatchStats(int k, ClusterBootstrap.Interval top1, ClusterBootstrap.Interval topK, ClusterBootstrap.Interval minusBm25,
                              double[] hits) {

    /** Scores candidate lists (best first; the first is the top-1 answer) against references. */
    public static ExactMatchStats of(List<String> references, List<List<String>> candidates, int k, ClusterBootstrap boot, double[] bm25Hits) {
        int n = references.size();
        double[] top1 = new double[n], topK = new double[n];
        for (int i = 0; i < n; i++) {
            String gold = AssertionLines.normalized(references.get(i));
            List<String> c = candidates.get(i);
            top1[i] = !c.isEmpty() && AssertionLines.normalized(c.getFirst()).equals(gold) ? 1 : 0;
            topK[i] = c.stream().limit(k).anyMatch(x -> AssertionLines.normalized(x).equals(gold)) ? 1 : 0;
        }
        return new ExactMatchStats(k, boot.mean(top1), k > 1 ? boot.mean(topK) : null,
                bm25Hits == null ? null : boot.pairedDifference(top1, bm25Hits), top1);
    }

    /** The fields added to a metrics JSON object: exact_match_top{k}, the intervals, exact_match_minus_bm25. */
    public Map<String, Object> asJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exact_match_ci95", List.of(top1.low(), top1.high()));
        if (topK != null) {
            m.put("exact_match_top" + k, topK.mean());
            m.put("exact_match_top" + k + "_ci95", List.of(topK.low(), topK.high()));
        }
        if (minusBm25 != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("mean", minusBm25.mean());
            d.put("ci95", List.of(minusBm25.low(), minusBm25.high()));
            m.put("exact_match_minus_bm25", d);
        }
        return m;
    }
}
