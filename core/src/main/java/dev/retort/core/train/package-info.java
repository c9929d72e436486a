/**
 * The pieces every trainer repeats: AdamW with decay and no-decay parameter groups ({@link AdamWOptimizers},
 * {@link DecayPolicy}), one optimizer update ({@link OptimizerStep}: clip, set the rate, step), the learning-rate
 * schedule ({@link LearningRateSchedule}) and step-seeded randomness ({@link StepSeed}).
 */
package dev.retort.core.train;
