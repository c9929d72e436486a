package dev.retort.core.train;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** A copy of a module's parameters, kept at the best validation epoch and restored after early stopping. */
public record ParameterSnapshot(Tensor[] values) {

    public static ParameterSnapshot of(Module module) {
        var params = module.parameters();
        Tensor[] copy = new Tensor[(int) params.size()];
        for (int i = 0; i < copy.length; i++) copy[i] = params.get(i).detach().clone();
        return new ParameterSnapshot(copy);
    }

    public void restoreInto(Module module) {
        var params = module.parameters();
        try (var noGrad = new NoGradGuard()) {
            for (int i = 0; i < values.length; i++) params.get(i).copy_(values[i]);
        }
    }
}
