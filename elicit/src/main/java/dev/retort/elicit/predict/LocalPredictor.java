package dev.retort.elicit.predict;

import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.ClaimLoader;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.text.embed.TextEmbedder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An offline stand-in for an LLM, so the whole pipeline runs with no server: an in-context learner over
 * sentence embeddings. Its log-odds that the target is true are
 * <pre>  β · Σ_j s_j·(2·shown_j − 1) / Σ_j s_j   +   γ · (cos(target, TRUE anchor) − cos(target, FALSE anchor))</pre>
 * with s_j = exp(cos(target, context_j) / τ): a similarity-weighted vote of the labels shown, plus a zero-shot
 * prior from two anchor sentences. It is much weaker than an LLM — it knows nothing about the world, only how
 * alike two texts are — and it has no order or framing bias (it maps the framing back exactly).
 */
public final class LocalPredictor implements Predictor {
    /** Defaults: vote strength β, similarity temperature τ, prior strength γ. */
    public record Params(double voteStrength, double similarityTemperature, double priorStrength, String trueAnchor, String falseAnchor) {
        public static Params defaults() {
            return new Params(2.0, 0.1, 20.0, "This claim is true, accurate and supported by evidence.",
                    "This claim is false, a myth or a common misconception.");
        }
    }

    private final TextEmbedder embedder;
    private final Params params;
    private final Map<String, float[]> vectors = new HashMap<>();
    private final float[] trueAnchor, falseAnchor;

    /** Embeds every claim once, up front; the embedder must be {@link TextEmbedder#unitNormalized()} (cosine is a dot product here). */
    public LocalPredictor(TextEmbedder embedder, ClaimSet claims, Params params) {
        if (!embedder.unitNormalized()) throw new IllegalArgumentException("embedder " + embedder.name() + " does not give unit rows");
        this.embedder = embedder;
        this.params = params;
        List<String> texts = new ArrayList<>();
        for (Claim c : claims.claims()) texts.add(claimText(c));
        texts.add(params.trueAnchor());
        texts.add(params.falseAnchor());
        float[][] v = embedder.embed(texts);
        for (int i = 0; i < claims.size(); i++) vectors.put(claims.get(i).uid(), v[i]);
        trueAnchor = v[claims.size()];
        falseAnchor = v[claims.size() + 1];
    }

    /** The claim's text without the answer cue, for embedding. */
    public static String claimText(Claim c) {
        String p = c.prompt();
        return p.endsWith(ClaimLoader.CUE) ? p.substring(0, p.length() - ClaimLoader.CUE.length()).strip() : p.strip();
    }

    @Override
    public String model() {
        return "local-icl/" + embedder.name();
    }

    @Override
    public Answer predict(Query q) {
        float[] t = vector(q.target());
        double vote = 0, weight = 0;
        for (Shown s : q.context()) {
            double w = Math.exp(TextEmbedder.dot(t, vector(s.claim())) / params.similarityTemperature());
            vote += w * (s.label() ? 1 : -1);
            weight += w;
        }
        double logOdds = (weight > 0 ? params.voteStrength() * vote / weight : 0)
                + params.priorStrength() * (TextEmbedder.dot(t, trueAnchor) - TextEmbedder.dot(t, falseAnchor));
        return new Answer(logSigmoid(logOdds), logSigmoid(-logOdds));
    }

    private float[] vector(Claim c) {
        float[] v = vectors.get(c.uid());
        if (v == null) throw new IllegalArgumentException("claim '" + c.uid() + "' was not embedded: it is not in the claim set");
        return v;
    }

    static double logSigmoid(double x) {
        return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
    }
}
