package dev.retort.core.train;

import dev.retort.core.Engine;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * One optimizer update after the caller's {@code zero_grad} and backward passes: clip the global gradient norm of
 * {@code clipped} at {@code maxNorm}, set the learning rate of every parameter group, step.
 *
 * @param clipped parameters whose gradients are clipped together (the model's, in its parameter order)
 * @param maxNorm the largest global L2 norm of their gradients; {@link #NO_CLIPPING} leaves them as they are
 */
public record OptimizerStep(Optimizer optimizer, TensorVector clipped, double maxNorm) {
    public static final double NO_CLIPPING = Double.POSITIVE_INFINITY;

    public OptimizerStep {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("the clipping norm must be positive, got " + maxNorm);
    }

    /** An update without clipping. */
    public static OptimizerStep unclipped(Optimizer optimizer) {
        return new OptimizerStep(optimizer, null, NO_CLIPPING);
    }

    /** Clips, sets the rate {@code lr} on every parameter group and steps. */
    public void apply(double lr) {
        try (var scope = Engine.step()) {
            if (maxNorm != NO_CLIPPING) torch.clip_grad_norm_(clipped, maxNorm);
            var groups = optimizer.param_groups();
            for (long g = 0; g < groups.size(); g++) groups.get(g).options().set_lr(lr);
            optimizer.step();
        }
    }
}
