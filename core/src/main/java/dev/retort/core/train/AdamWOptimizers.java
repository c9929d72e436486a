package dev.retort.core.train;

import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.OptimizerParamGroup;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

import java.util.ArrayList;
import java.util.List;

/** AdamW over a module's parameters, with weight decay where a {@link DecayPolicy} puts it. */
public final class AdamWOptimizers {
    private AdamWOptimizers() {
    }

    /** A module's parameters split for weight decay, each list in the module's parameter order. */
    public record ParameterGroups(TensorVector decay, TensorVector noDecay) {
        public static ParameterGroups of(Module module, DecayPolicy.MatricesOnly policy) {
            List<Tensor> decay = new ArrayList<>(), noDecay = new ArrayList<>();
            var named = module.named_parameters(true);
            for (long i = 0; i < named.size(); i++) {
                Tensor p = named.get(i).value();
                (policy.decays(named.get(i).key().getString(), p.dim()) ? decay : noDecay).add(p);
            }
            return new ParameterGroups(new TensorVector(decay.toArray(Tensor[]::new)), new TensorVector(noDecay.toArray(Tensor[]::new)));
        }
    }

    /**
     * AdamW at rate {@code lr} with decoupled weight decay {@code weightDecay}: one group of every parameter, or under
     * {@link DecayPolicy#matricesOnly} the two groups of {@link #create(ParameterGroups, double, double)}.
     */
    public static AdamW create(Module module, double lr, double weightDecay, DecayPolicy policy) {
        return switch (policy) {
            case DecayPolicy.EveryParameter every -> new AdamW(module.parameters(), options(lr, weightDecay));
            case DecayPolicy.MatricesOnly matrices -> create(ParameterGroups.of(module, matrices), lr, weightDecay);
        };
    }

    /** AdamW with {@code groups.decay()} as group 0 (decay {@code weightDecay}) and {@code groups.noDecay()} as group 1 (decay 0). */
    public static AdamW create(ParameterGroups groups, double lr, double weightDecay) {
        AdamW optimizer = new AdamW(groups.decay(), options(lr, weightDecay));
        // A group added without options gets a copy of the optimizer's defaults; its decay is then set to 0 in place
        // (passing options to OptimizerParamGroup would hand a Java-owned object to a C++ unique_ptr).
        optimizer.add_param_group(new OptimizerParamGroup(groups.noDecay()));
        new AdamWOptions(optimizer.param_groups().get(1).options()).weight_decay().put(0.0);
        return optimizer;
    }

    private static AdamWOptions options(double lr, double weightDecay) {
        AdamWOptions options = new AdamWOptions(lr);
        options.weight_decay().put(weightDecay);
        return options;
    }
}
