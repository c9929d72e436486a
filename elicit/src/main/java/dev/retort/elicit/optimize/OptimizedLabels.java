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
 */
public record OptimizedLabels(double[] probability, int[] labels, double loss, double[] terms, List<Double> lossHistory,
                              int evaluations, double seconds) {
}
