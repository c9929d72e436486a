package dev.retort.kd.loss;

import dev.retort.text.embed.TextEmbedder;


/**
 * {@code semantic}: cost β·(1 − cos(e(sample), e(reference))) with a frozen sentence embedder e; β is the
 * semantic loss scale (default 5). Trained by {@link SequenceRisk}.
 */
public final class SemanticLoss extends SequenceRisk {
    private final TextEmbedder embedder;
    private final double beta;

    public SemanticLoss(TextEmbedder embedder, double beta) {
        this.embedder = embedder;
        this.beta = beta;
    }

    @Override
    public String name() {
        return "semantic";
    }

    @Override
    double[] costs(SampledSequences samples) {
        float[][] refs = embedder.embed(samples.references());
        float[][] outs = embedder.embed(samples.texts());
        double[] c = new double[outs.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = beta * (1.0 - TextEmbedder.cosine(outs[i], refs[i / samples.perExample()]));
        }
        return c;
    }

}
