package dev.retort.kd.model;

import java.util.Arrays;

/**
 * The decoder run over one source, one token per {@link #step}: the Java twin of {@link TransformerNet#decode} with a
 * KV cache followed by {@link TransformerNet#outputLogProbs}, at batch size 1. Every buffer is allocated here, once per
 * source; a step allocates nothing. Not thread-safe.
 */
final class Decoding {
    private final DecoderWeights w;
    private final SourceMemory source;
    private final OutputHead head;
    private final int d, heads, dh, maxLen;
    private final float attentionScale;   // 1/√dh, scaled_dot_product_attention's default
    private final float[][] keys;         // [layers][H * maxLen * dh] self-attention keys of positions so far, head-major
    private final float[][] values;       // [layers][H * maxLen * dh] the matching values
    private final float[] x;              // [d] residual stream
    private final float[] normed;         // [d] LayerNorm output feeding a sublayer
    private final float[] query;          // [d] attention query, heads side by side
    private final float[] keyValue;       // [2d] the new position's [k; v]
    private final float[] attended;       // [d] attention output, heads side by side
    private final float[] sublayerOut;    // [d] output projection of a sublayer, added to x
    private final float[] hidden;         // [ff] feed-forward hidden layer
    private final float[] scores;         // [max(maxLen, S)] attention weights of one head
    private final float[] logProbs;       // [V] next-token log-probabilities
    private int position;

    Decoding(DecoderWeights weights, SourceMemory source) {
        ModelConfig c = weights.config();
        this.w = weights;
        this.source = source;
        this.head = new OutputHead(weights, source);
        this.d = c.dModel();
        this.heads = c.heads();
        this.dh = d / heads;
        this.maxLen = c.maxTargetLen();
        this.attentionScale = (float) (1.0 / Math.sqrt(dh));
        this.keys = new float[c.decoderLayers()][heads * maxLen * dh];
        this.values = new float[c.decoderLayers()][heads * maxLen * dh];
        this.x = new float[d];
        this.normed = new float[d];
        this.query = new float[d];
        this.keyValue = new float[2 * d];
        this.attended = new float[d];
        this.sublayerOut = new float[d];
        this.hidden = new float[c.ffDim()];
        this.scores = new float[Math.max(maxLen, source.length())];
        this.logProbs = new float[c.vocabSize()];
    }

    /** Feeds the token at the next position; returns the argmax of the next-token distribution (first on ties). */
    int next(int token) {
        return VectorMath.argmax(step(token), logProbs.length);
    }

    /** Feeds the token at the next position; returns next-token log-probabilities [V] (overwritten by the next step). */
    float[] step(int token) {
        if (position >= maxLen) throw new IllegalStateException("decoded past maxTargetLen " + maxLen);
        embed(token);
        for (int i = 0; i < w.layers().size(); i++) {
            DecoderWeights.Layer layer = w.layers().get(i);
            selfAttention(layer, keys[i], values[i]);
            crossAttention(layer, source.crossKeys()[i], source.crossValues()[i]);
            feedForward(layer);
        }
        position++;
        w.finalNorm().apply(x, normed);
        head.logProbs(normed, logProbs);
        return logProbs;
    }

    /** x = E[token] + P[position]. */
    private void embed(int token) {
        System.arraycopy(w.tokens(), token * d, x, 0, d);
        VectorMath.add(x, 0, w.targetPositions(), position * d, d);
    }

    /** Appends this position's key and value to the cache, then attends over positions 0..position. */
    private void selfAttention(DecoderWeights.Layer layer, float[] cacheKeys, float[] cacheValues) {
        layer.selfNorm().apply(x, normed);
        layer.selfQuery().apply(normed, 0, query, 0);
        layer.selfKeyValue().apply(normed, 0, keyValue, 0);
        for (int h = 0; h < heads; h++) {
            int slot = (h * maxLen + position) * dh;
            System.arraycopy(keyValue, h * dh, cacheKeys, slot, dh);
            System.arraycopy(keyValue, d + h * dh, cacheValues, slot, dh);
        }
        attend(cacheKeys, cacheValues, maxLen, position + 1);
        layer.selfOut().apply(attended, 0, sublayerOut, 0);
        VectorMath.add(x, 0, sublayerOut, 0, d);
    }

    private void crossAttention(DecoderWeights.Layer layer, float[] sourceKeys, float[] sourceValues) {
        layer.crossNorm().apply(x, normed);
        layer.crossQuery().apply(normed, 0, query, 0);
        attend(sourceKeys, sourceValues, source.length(), source.length());
        layer.crossOut().apply(attended, 0, sublayerOut, 0);
        VectorMath.add(x, 0, sublayerOut, 0, d);
    }

    /**
     * attended = per head, softmax(q·Kᵀ/√dh)·V over the first n positions of keys/values [H * stride * dh]
     * (stride: positions reserved per head).
     */
    private void attend(float[] k, float[] v, int stride, int n) {
        Arrays.fill(attended, 0f);
        for (int h = 0; h < heads; h++) {
            int base = h * stride * dh;
            for (int j = 0; j < n; j++) scores[j] = VectorMath.dot(query, h * dh, k, base + j * dh, dh) * attentionScale;
            VectorMath.softmax(scores, 0, n);
            for (int j = 0; j < n; j++) VectorMath.addScaled(attended, h * dh, v, base + j * dh, scores[j], dh);
        }
    }

    /** x += W_down·gelu(W_up·LN(x) + b_up) + b_down. */
    private void feedForward(DecoderWeights.Layer layer) {
        layer.ffNorm().apply(x, normed);
        layer.ffUp().apply(normed, 0, hidden, 0);
        VectorMath.gelu(hidden);
        layer.ffDown().apply(hidden, 0, sublayerOut, 0);
        VectorMath.add(x, 0, sublayerOut, 0, d);
    }
}
