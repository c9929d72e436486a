package dev.retort.kd.loss;

import dev.retort.text.metrics.Pans;

/** {@code pans}: cost 1 − PANS(sample, reference), trained by {@link SequenceRisk}. */
public final class PansLoss extends SequenceRisk {
    @Override
    public String name() {
        return "pans";
    }

    @Override
    double[] costs(SampledSequences samples) {
        double[] c = new double[samples.texts().size()];
        for (int i = 0; i < c.length; i++) c[i] = 1.0 - Pans.score(samples.referenceOf(i), samples.texts().get(i));
        return c;
    }
}
