package dev.retort.kd.loss;

import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * A sequence-level term: a cost c(y, ref) ≥ 0 of a whole decoded output, which has no gradient of its own.
 * It trains the student by minimum risk / REINFORCE with a baseline (Williams 1992; Shen et al. 2016): over
 * S samples y_{b,s} ~ p_θ(·|x_b), the objective is
 * <pre>  L = 1/(B·S) Σ_{b,s} (c_{b,s} − c̄_{b,−s}) · log p_θ(y_{b,s} | x_b)</pre>
 * whose gradient is an unbiased estimate of ∇ E[c]. The baseline c̄_{b,−s} is the mean cost of the other
 * samples of the same example (leave-one-out); with one sample per example it is the mean over the other
 * examples of the batch. The reported {@link LossTerm#value()} is the mean cost E[c] itself.
 */
public abstract sealed class SequenceRisk implements LossComponent permits SemanticLoss, ContrastiveLoss, PansLoss, AstLoss {

    /** Cost of each sample, aligned with {@link SampledSequences#texts()}. */
    abstract double[] costs(SampledSequences samples);

    @Override
    public final LossTerm compute(LossBatch batch) {
        SampledSequences samples = batch.samples();
        if (samples == null) throw new IllegalStateException(name() + " needs sampled student outputs");
        double[] cost = costs(samples);
        double[] advantage = advantages(cost, samples.perExample());
        Tensor adv = Tensors.of(toFloats(advantage), advantage.length).to(samples.logProbs().device(),
                samples.logProbs().scalar_type());
        Tensor surrogate = adv.mul(samples.logProbs()).mean();
        double mean = 0;
        for (double c : cost) mean += c;
        return new LossTerm(surrogate, mean / cost.length);
    }

    /** c − leave-one-out baseline, per sample. */
    static double[] advantages(double[] cost, int perExample) {
        int n = cost.length;
        double[] adv = new double[n];
        if (n == 1) return adv;
        int groups = n / perExample;
        for (int g = 0; g < groups; g++) {
            boolean withinExample = perExample > 1;
            int from = withinExample ? g * perExample : 0;
            int to = withinExample ? from + perExample : n;
            double sum = 0;
            for (int i = from; i < to; i++) sum += cost[i];
            for (int i = g * perExample; i < (g + 1) * perExample; i++) {
                adv[i] = cost[i] - (sum - cost[i]) / (to - from - 1);
            }
        }
        return adv;
    }

    private static float[] toFloats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }
}
