package dev.retort.core.train;

import java.util.function.Predicate;

/** Which parameters AdamW's weight decay applies to. */
public sealed interface DecayPolicy {
    /** Every parameter decays, biases and LayerNorm weights included (one parameter group). */
    DecayPolicy EVERY_PARAMETER = new EveryParameter();

    /**
     * nanoGPT's {@code configure_optimizers}: parameters of two or more dimensions decay; one-dimensional ones (biases,
     * LayerNorm weights) and those whose name {@code exempt} accepts (embeddings) do not.
     */
    static MatricesOnly matricesOnly(Predicate<String> exempt) {
        return new MatricesOnly(exempt);
    }

    /** {@link #matricesOnly(Predicate)} for a model without embeddings: every parameter of two or more dimensions decays. */
    static MatricesOnly matricesOnly() {
        return new MatricesOnly(name -> false);
    }

    record EveryParameter() implements DecayPolicy {
    }

    record MatricesOnly(Predicate<String> exempt) implements DecayPolicy {
        /** Whether the parameter {@code name} with {@code dimensions} dimensions gets weight decay. */
        public boolean decays(String name, long dimensions) {
            return dimensions >= 2 && !exempt.test(name);
        }
    }
}
