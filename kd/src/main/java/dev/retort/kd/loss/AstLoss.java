package dev.retort.kd.loss;

import dev.retort.text.metrics.AstValidity;

/**
 * {@code ast}: syntax-validity penalty, cost 1 when the sampled assertions do not parse as Java statements
 * ({@link AstValidity}), else 0; trained by {@link SequenceRisk}. Not thread-safe.
 */
public final class AstLoss extends SequenceRisk {
    private final AstValidity validity = new AstValidity();

    @Override
    public String name() {
        return "ast";
    }

    @Override
    double[] costs(SampledSequences samples) {
        double[] c = new double[samples.texts().size()];
        for (int i = 0; i < c.length; i++) c[i] = validity.isValid(samples.texts().get(i)) ? 0.0 : 1.0;
        return c;
    }
}
