package dev.retort.kd.loss;

import org.bytedeco.pytorch.Tensor;

/**
 * One component's contribution to a batch: {@code objective} is what is differentiated (a scalar tensor);
 * {@code value} is the component's own quantity for logs (for token-level terms the objective's value; for
 * sequence-level terms the mean cost of the samples, whose objective is a REINFORCE surrogate).
 */
public record LossTerm(Tensor objective, double value) {
}
