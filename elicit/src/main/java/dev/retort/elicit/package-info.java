/**
 * Unsupervised elicitation (after ICM, Wen et al. 2025): ask a language model for n-shot predictions about
 * claims ({@code claims}), store them as tuples ({@code claims.TupleLog}), and find labels that make the model's
 * predictions coherent ({@code optimize}), then measure them ({@code evaluate}).
 */
package dev.retort.elicit;
