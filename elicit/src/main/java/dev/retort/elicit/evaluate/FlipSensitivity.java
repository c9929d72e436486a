package dev.retort.elicit.evaluate;

import dev.retort.elicit.claims.PredictionTuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much the model's prediction for a target moves when one label shown in its context is flipped. A pair is
 * two tuples with the same target, framing and context claims in the same order whose shown labels differ in
 * exactly one position; the earlier one in the log is the base. A pair is trusted only when the base prediction
 * is confident: max(P(true), P(false)) above {@code minConfidence} (a flip that moves a coin toss says little).
 * Per claim: the mean |Δ log-odds| over its trusted pairs and their count. Tuples with an unrecorded shown label
 * take no part.
 *
 * @param found         all such pairs, trusted or not
 * @param pairs         trusted pairs
 * @param meanAbsChange mean |Δ log-odds| over the trusted pairs; null when there are none
 */
public record FlipSensitivity(double minConfidence, int found, int pairs, Double meanAbsChange, List<ClaimRow> claims) {
    public static final double DEFAULT_MIN_CONFIDENCE = 0.6;

    public record ClaimRow(String uid, int pairs, double meanAbsChange) {
    }

    /** One pair: the target, the context claim whose label was flipped, the base log-odds and the change from it. */
    public record FlipPair(String targetUid, String flippedUid, double baseLogOdds, double change) {
        /** max(P(true), P(false)) of the base prediction. */
        public double baseConfidence() {
            return 1 / (1 + Math.exp(-Math.abs(baseLogOdds)));
        }
    }

    public static FlipSensitivity of(List<PredictionTuple> tuples, double minConfidence) {
        return summarize(pairs(tuples), minConfidence);
    }

    /** Every pair of tuples that differ in exactly one shown label, targets in first-seen order. */
    public static List<FlipPair> pairs(List<PredictionTuple> tuples) {
        Map<String, List<PredictionTuple>> sameQuestion = new LinkedHashMap<>();
        for (PredictionTuple t : tuples)
            if (t.context().stream().allMatch(PredictionTuple.Shown::labelKnown))
                sameQuestion.computeIfAbsent(skeleton(t), k -> new ArrayList<>()).add(t);
        List<FlipPair> out = new ArrayList<>();
        for (List<PredictionTuple> g : sameQuestion.values())
            for (int i = 0; i < g.size(); i++)
                for (int j = i + 1; j < g.size(); j++) {
                    int at = onlyDifference(g.get(i), g.get(j));
                    if (at >= 0) out.add(new FlipPair(g.get(i).targetUid(), g.get(i).context().get(at).uid(),
                            g.get(i).logOdds(), g.get(j).logOdds() - g.get(i).logOdds()));
                }
        return out;
    }

    public static FlipSensitivity summarize(List<FlipPair> pairs, double minConfidence) {
        Map<String, double[]> byClaim = new LinkedHashMap<>();   // uid → {sum |Δ|, pairs}
        for (FlipPair p : pairs) {
            if (p.baseConfidence() <= minConfidence) continue;
            double[] s = byClaim.computeIfAbsent(p.targetUid(), k -> new double[2]);
            s[0] += Math.abs(p.change());
            s[1]++;
        }
        List<ClaimRow> rows = new ArrayList<>();
        double sum = 0;
        int trusted = 0;
        for (Map.Entry<String, double[]> e : byClaim.entrySet()) {
            rows.add(new ClaimRow(e.getKey(), (int) e.getValue()[1], e.getValue()[0] / e.getValue()[1]));
            sum += e.getValue()[0];
            trusted += (int) e.getValue()[1];
        }
        return new FlipSensitivity(minConfidence, pairs.size(), trusted, trusted == 0 ? null : sum / trusted, rows);
    }

    /** Target, framing and context uids in order: what the two tuples of a pair share. */
    private static String skeleton(PredictionTuple t) {
        StringBuilder b = new StringBuilder(t.targetUid()).append('|').append(t.framing().jsonName());
        for (PredictionTuple.Shown s : t.context()) b.append('|').append(s.uid());
        return b.toString();
    }

    /** The one context position whose shown label differs, or −1 when none or more than one does. */
    private static int onlyDifference(PredictionTuple a, PredictionTuple b) {
        int at = -1;
        for (int k = 0; k < a.context().size(); k++) {
            if (a.context().get(k).labelShown().equals(b.context().get(k).labelShown())) continue;
            if (at >= 0) return -1;
            at = k;
        }
        return at;
    }
}
