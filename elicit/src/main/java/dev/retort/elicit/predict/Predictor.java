package dev.retort.elicit.predict;

import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.Framing;

import java.util.List;

/**
 * P(true) for a target claim given context claims with the labels shown for them, in the order given, under a
 * framing. Implementations are safe to call from many threads at once.
 */
public interface Predictor extends AutoCloseable {

    /** A context claim and the label shown with it. */
    record Shown(Claim claim, boolean label) {
    }

    /** One question: the context in the order the model sees it, then the target. */
    record Query(Claim target, List<Shown> context, Framing framing) {
        public Query {
            context = List.copyOf(context);
        }
    }

    /** Log probabilities that the claim is true / false (already mapped back from the framing's answer words). */
    record Answer(double logpTrue, double logpFalse) {
    }

    /** Model name written into each tuple. */
    String model();

    Answer predict(Query query);

    @Override
    default void close() {
    }
}
