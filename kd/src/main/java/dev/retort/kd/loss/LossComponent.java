package dev.retort.kd.loss;

/** One named term of the distillation objective. */
public sealed interface LossComponent permits TokenLoss, SequenceRisk {
    /** The name used on the command line, in CSV columns and in schedules: ce, kl, focal, jsd, semantic, … */
    String name();

    LossTerm compute(LossBatch batch);

    /** Whether this term needs sampled student outputs ({@link LossBatch#samples()}). */
    default boolean needsSamples() {
        return this instanceof SequenceRisk;
    }

    /** Whether this term reads the teacher signal. */
    default boolean needsTeacher() {
        return false;
    }
}
