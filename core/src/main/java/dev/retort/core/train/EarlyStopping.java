package dev.retort.core.train;

import dev.retort.core.BadInputException;
import org.bytedeco.pytorch.Module;

/**
 * Keeps a module's parameters at its best validation value and says when {@code patience} epochs in a row brought no
 * strict improvement; {@link #restoreBest} puts the best parameters back. Starts from the module as it is, with
 * {@code initial} as the value to beat (+∞ for a loss, the untrained model's score for a metric to raise).
 */
public final class EarlyStopping {
    /** Whether a lower or a higher validation value is better. */
    public enum Goal { MINIMIZE, MAXIMIZE }

    private final Module module;
    private final Goal goal;
    private final int patience;
    private double best;
    private int bestEpoch;
    private int sinceBest;
    private ParameterSnapshot snapshot;

    /** The record a checkpoint keeps: the value to beat, its epoch and the epochs since. */
    public record State(double best, int bestEpoch, int sinceBest) {
    }

    public EarlyStopping(Module module, Goal goal, double initial, int patience) {
        if (patience < 1) throw new BadInputException("--patience must be at least 1, got " + patience);
        this.module = module;
        this.goal = goal;
        this.patience = patience;
        this.best = initial;
        this.snapshot = ParameterSnapshot.of(module);
    }

    /** Records the validation value after {@code epoch}; returns whether training should go on. */
    public boolean record(int epoch, double value) {
        if (goal == Goal.MINIMIZE ? value < best : value > best) {
            best = value;
            bestEpoch = epoch;
            snapshot = ParameterSnapshot.of(module);
            sinceBest = 0;
        } else {
            sinceBest++;
        }
        return sinceBest < patience;
    }

    /** Puts the parameters of the best epoch (or the starting ones, if no epoch beat {@code initial}) back. */
    public void restoreBest() {
        snapshot.restoreInto(module);
    }

    public State state() {
        return new State(best, bestEpoch, sinceBest);
    }

    /** The parameters of the best epoch so far (the starting ones until an epoch beats the initial value). */
    public ParameterSnapshot bestParameters() {
        return snapshot;
    }

    /** Continues a checkpointed run: its record and its best parameters. */
    public void restore(State state, ParameterSnapshot bestParameters) {
        best = state.best();
        bestEpoch = state.bestEpoch();
        sinceBest = state.sinceBest();
        snapshot = bestParameters;
    }

    public double best() {
        return best;
    }

    /** The epoch of the best value; 0 when none beat the initial one. */
    public int bestEpoch() {
        return bestEpoch;
    }
}
