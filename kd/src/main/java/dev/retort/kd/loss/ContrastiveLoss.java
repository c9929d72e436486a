package dev.retort.kd.loss;

import dev.retort.text.embed.TextEmbedder;

/**
 * {@code contrastive}: InfoNCE over in-batch triplets with a frozen sentence embedder, τ = 0.1. For a sample y
 * of example b: anchor a = e(gold_b), positive = e(y), negatives = e(gold_j) for every other example j:
 * <pre>  c = −log( exp(cos(a, e(y))/τ) / (exp(cos(a, e(y))/τ) + Σ_{j≠b} exp(cos(a, e(gold_j))/τ)) )</pre>
 * computed with a log-sum-exp. Low when the student's output is closer to its own gold than the other golds
 * are. Trained by {@link SequenceRisk}.
 */
public final class ContrastiveLoss extends SequenceRisk {
    private final TextEmbedder embedder;
    private final double tau;

    public ContrastiveLoss(TextEmbedder embedder) {
        this(embedder, 0.1);
    }

    public ContrastiveLoss(TextEmbedder embedder, double tau) {
        this.embedder = embedder;
        this.tau = tau;
    }

    @Override
    public String name() {
        return "contrastive";
    }

    @Override
    double[] costs(SampledSequences samples) {
        float[][] gold = embedder.embed(samples.references());
        float[][] outs = embedder.embed(samples.texts());
        double[] c = new double[outs.length];
        for (int i = 0; i < c.length; i++) {
            int b = i / samples.perExample();
            double pos = TextEmbedder.cosine(gold[b], outs[i]) / tau;
            double max = pos;
            double[] neg = new double[gold.length];
            for (int j = 0; j < gold.length; j++) {
                neg[j] = TextEmbedder.cosine(gold[b], gold[j]) / tau;
                if (j != b) max = Math.max(max, neg[j]);
            }
            double sum = Math.exp(pos - max);
            for (int j = 0; j < gold.length; j++) if (j != b) sum += Math.exp(neg[j] - max);
            c[i] = -(pos - max - Math.log(sum));
        }
        return c;
    }
}
