package dev.retort.kd.loss;

import dev.retort.core.Engine;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each sequence-level term must train the policy: its REINFORCE surrogate sends a non-zero gradient to the
 * parameters, and a few optimizer steps lower the term's expected cost on a tiny problem.
 */
class SequenceRiskTest {
    static final List<String> REFERENCES = List.of("assertEquals(1, r);", "assertTrue(x);");
    static final int PER_EXAMPLE = 8;

    @BeforeEach
    void seed() {
        Engine.get();
        torch.manual_seed(7);
    }

    static SequenceRisk term(String name) {
        return (SequenceRisk) LossComponents.create(List.of(name), CharTrigramEmbedder::new, 5.0).getFirst();
    }

    /** Samples PER_EXAMPLE outputs per reference and wraps them with their differentiable log-probs. */
    static SampledSequences sample(BigramPolicy policy) {
        int rows = REFERENCES.size() * PER_EXAMPLE;
        long[][] tokens = SequenceSampler.sample(SequenceSampler.incremental(policy), rows, BigramPolicy.BOS, BigramPolicy.EOS, 8);
        List<String> texts = new ArrayList<>();
        for (long[] t : tokens) texts.add(BigramPolicy.decode(t));
        Tensor logp = SequenceSampler.logProbs(policy, tokens, BigramPolicy.BOS, BigramPolicy.EOS);
        return new SampledSequences(texts, logp, REFERENCES, PER_EXAMPLE);
    }

    static double expectedCost(SequenceRisk term, BigramPolicy policy) {
        double sum = 0;
        for (int i = 0; i < 8; i++) sum += term.compute(new LossBatch(null, null, null, null, 1, sample(policy))).value();
        return sum / 8;
    }

    @ParameterizedTest
    @ValueSource(strings = {"pans", "ast", "semantic", "contrastive"})
    void gradientIsNonZeroAndStepsLowerTheTerm(String name) {
        var policy = new BigramPolicy();
        if (name.equals("ast")) policy.preferWholeStatement();
        var term = term(name);
        double before = expectedCost(term, policy);

        LossTerm first = term.compute(new LossBatch(null, null, null, null, 1, sample(policy)));
        first.objective().backward();
        double gradNorm = policy.table.weight().grad().norm().item_double();
        assertThat(gradNorm).as(name + " gradient norm").isGreaterThan(1e-6);

        var opt = policy.optimizer(0.1);
        for (int step = 0; step < 100; step++) {
            opt.zero_grad();
            term.compute(new LossBatch(null, null, null, null, 1, sample(policy))).objective().backward();
            opt.step();
        }
        double after = expectedCost(term, policy);
        assertThat(after).as(name + " expected cost before %.4f after %.4f", before, after).isLessThan(before * 0.85);
    }

    @org.junit.jupiter.api.Test
    void leaveOneOutBaselineCentresEachExample() {
        double[] adv = SequenceRisk.advantages(new double[]{1, 2, 3, 10, 10, 10}, 3);
        assertThat(adv).containsExactly(-1.5, 0, 1.5, 0, 0, 0);
        double[] single = SequenceRisk.advantages(new double[]{1, 3}, 1);
        assertThat(single).containsExactly(-2, 2);
    }
}
