package dev.retort.elicit.predict;

import dev.retort.core.RetortException;
import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.Framing;

import java.util.List;
import java.util.Map;

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

    /**
     * The model answered, but not with what a prediction needs (a response without logprobs): retrying will not
     * help, and the collector skips the question, names the claim and counts it.
     */
    final class MissingAnswer extends RetortException {
        public MissingAnswer(String message) {
            super(message);
        }
    }

    /** Model name written into each tuple. */
    String model();

    /** @throws MissingAnswer when the model's response holds no usable answer to this query */
    Answer predict(Query query);

    /** Requests that were tried again, by cause (e.g. {@code http_429}, {@code timeout}); empty for local predictors. */
    default Map<String, Long> retries() {
        return Map.of();
    }

    @Override
    default void close() {
    }
}
