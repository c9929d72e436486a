package dev.retort.elicit.optimize;

import java.util.List;

/**
 * What an optimization produced.
 *
 * @param probability  q per claim (soft label)
 * @param labels       decoded labels (1/0) after the consistency fix
 * @param terms        final unweighted value of each loss term (NaN when switched off), in {@link LossWeights.Term} order
 * @param lossHistory  total loss after each outer step
 * @param evaluations  loss + gradient evaluations
 * @param seconds      optimization wall time (no loading)
 * @param stop         why the optimization ended
 */
public record OptimizedLabels(double[] probability, int[] labels, double loss, double[] terms, List<Double> lossHistory,
                              int evaluations, double seconds, Stop stop) {

    /** Why an optimization ended. */
    public enum Stop {
        /** The stopping rule held: the loss changed less than the tolerance between two outer steps. */
        CONVERGED("converged"),
        /** It ran out of iterations (--max-iterations, or the search's proposals) without the stopping rule holding. */
        ITERATION_CAP("iteration cap"),
        /** Nothing was optimized: the prior, or labels read from a file. */
        NONE("none");

        private final String label;

        Stop(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean converged() {
        return stop == Stop.CONVERGED;
    }
}
