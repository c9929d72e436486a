package dev.retort.elicit.claims;

import java.util.List;
import java.util.Objects;

/**
 * One model prediction: how likely the model found the target claim true after seeing the context claims
 * with the labels shown for them, in this order and framing. Log probabilities are of the claim being
 * true / false (already mapped back from the framing's answer words), not normalized to each other.
 *
 * @param order index of the random permutation of the group the context was drawn in (0 = first draw);
 *              the context list itself is in the order the model saw it
 * @param ts    ISO-8601 instant the prediction was received
 */
public record PredictionTuple(String targetUid, List<Shown> context, int order, Framing framing,
                              double logpTrue, double logpFalse, String model, String ts) {

    /**
     * A context claim as the model saw it: its uid and the label shown with it, or null when the file did not
     * record that label (the original notebook's tuples).
     */
    public record Shown(String uid, Boolean labelShown) {
        public boolean labelKnown() {
            return labelShown != null;
        }
    }

    public PredictionTuple {
        Objects.requireNonNull(targetUid, "targetUid");
        context = List.copyOf(context);
        Objects.requireNonNull(framing, "framing");
    }

    /** log P(true) − log P(false): the model's evidence for the claim, > 0 when it leans true. */
    public double logOdds() {
        return logpTrue - logpFalse;
    }

    /** What identifies the question asked, so a resumed collection can skip it: everything but the answer. */
    public String questionKey() {
        StringBuilder b = new StringBuilder(targetUid).append('|').append(order).append('|').append(framing.jsonName());
        for (Shown s : context) b.append('|').append(s.uid()).append(!s.labelKnown() ? "=?" : s.labelShown() ? "=1" : "=0");
        return b.toString();
    }
}
