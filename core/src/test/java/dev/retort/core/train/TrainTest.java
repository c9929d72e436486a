package dev.retort.core.train;

import dev.retort.core.Engine;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.LayerNormImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.EmbeddingImpl;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.LayerNormOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TrainTest {
    /** A linear layer, a LayerNorm and an embedding: weight [3, 4] + bias [3], weight [3] + bias [3], table [5, 3]. */
    private static Module net() {
        return netWith(new LinearImpl(4, 3));
    }

    private static Module netWith(LinearImpl proj) {
        Engine.get().reseed(11);
        Module m = new Module();
        m.register_module("proj", proj);
        m.register_module("norm", new LayerNormImpl(new LayerNormOptions(new LongVector().push_back(3))));
        m.register_module("embed", new EmbeddingImpl(5, 3));
        return m;
    }

    @Test
    void matricesOnlyDecaysWeightMatricesButNotBiasesNormsOrEmbeddings() {
        var groups = AdamWOptimizers.ParameterGroups.of(net(), DecayPolicy.matricesOnly(n -> n.startsWith("embed")));
        assertThat(groups.decay().size()).isEqualTo(1);
        assertThat(groups.decay().get(0).dim()).isEqualTo(2);
        assertThat(groups.noDecay().size()).isEqualTo(4);

        AdamW optimizer = AdamWOptimizers.create(net(), 1e-3, 0.1, DecayPolicy.matricesOnly(n -> n.startsWith("embed")));
        assertThat(optimizer.param_groups().size()).isEqualTo(2);
        assertThat(new AdamWOptions(optimizer.param_groups().get(0).options()).weight_decay().get()).isEqualTo(0.1);
        assertThat(new AdamWOptions(optimizer.param_groups().get(1).options()).weight_decay().get()).isZero();
        AdamW every = AdamWOptimizers.create(net(), 1e-3, 0.1, DecayPolicy.EVERY_PARAMETER);
        assertThat(every.param_groups().size()).isEqualTo(1);
        assertThat(every.param_groups().get(0).params().size()).isEqualTo(5);
    }

    @Test
    void aStepClipsTheGlobalNormAndSetsTheRateOfEveryGroup() {
        LinearImpl proj = new LinearImpl(4, 3);
        Module m = netWith(proj);
        AdamW optimizer = AdamWOptimizers.create(m, 1e-3, 0.1, DecayPolicy.matricesOnly(n -> false));
        try (var s = Engine.step()) {
            optimizer.zero_grad();
            Tensor x = torch.ones(2, 4).mul(new Scalar(100.0));
            proj.forward(x).pow(new Scalar(2.0)).sum().backward();
            new OptimizerStep(optimizer, m.parameters(), 1.0).apply(0.25);
            double sq = 0;
            for (long i = 0; i < m.parameters().size(); i++) {
                Tensor g = m.parameters().get(i).grad();
                if (g.defined()) sq += Math.pow(g.norm().item_double(), 2);
            }
            assertThat(Math.sqrt(sq)).isCloseTo(1.0, within(1e-4));
        }
        for (long g = 0; g < optimizer.param_groups().size(); g++) {
            assertThat(optimizer.param_groups().get(g).options().get_lr()).isEqualTo(0.25);
        }
        assertThatThrownBy(() -> new OptimizerStep(optimizer, m.parameters(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void warmupThenLinearDecay() {
        var lr = LearningRateSchedule.withDefaultWarmup(1.0, 0, 100); // 10 warmup steps
        assertThat(lr.warmupSteps()).isEqualTo(10);
        assertThat(lr.at(0)).isCloseTo(0.1, within(1e-12));
        assertThat(lr.at(9)).isCloseTo(1.0, within(1e-12));
        assertThat(lr.at(55)).isCloseTo(0.5, within(1e-12));
        assertThat(lr.at(100)).isZero();
        assertThat(new LearningRateSchedule(2.0, 0, 4).at(0)).isEqualTo(2.0);
    }

    @Test
    void theStepSeedFixesLibtorchsGenerator() {
        Engine engine = Engine.get();
        assertThat(StepSeed.of(3, 5)).isEqualTo(3 * 1_000_003L + 5);
        StepSeed.reseed(engine, 7);
        double first = torch.rand(1).item_double();
        StepSeed.reseed(engine, 8);
        double other = torch.rand(1).item_double();
        StepSeed.reseed(engine, 7);
        assertThat(torch.rand(1).item_double()).isEqualTo(first).isNotEqualTo(other);
    }
}
