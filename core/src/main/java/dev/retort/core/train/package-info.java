/**
 * The pieces every trainer repeats: AdamW with decay and no-decay parameter groups ({@link AdamWOptimizers},
 * {@link DecayPolicy}), one optimizer update ({@link OptimizerStep}: clip, set the rate, step), the learning-rate
 * schedule ({@link LearningRateSchedule}), step-seeded randomness ({@link StepSeed}), the step loop of the resumable trainers
 * ({@link StepLoop}: kd's teacher, pretraining and distillation), the epoch loop of the small trainers
 * ({@link MinibatchEpochs}) and early stopping on a validation value ({@link EarlyStopping},
 * {@link ParameterSnapshot}).
 */
package dev.retort.core.train;
