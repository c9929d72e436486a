package dev.retort.kd.model;

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
    private final float[][] keys;         // [layers][d * maxLen] self-attention keys so far, transposed: Kᵀ [d, maxLen]
    private final float[][] values;       // [layers][maxLen * d] the matching values, V [maxLen, d]
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
        this.keys = new float[c.decoderLayers()][d * maxLen];
        this.values = new float[c.decoderLayers()][maxLen * d];
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

    /**
     * Makes this decoding continue from {@code other}'s state — its KV cache and position — so a beam hypothesis can
     * take its parent's place. Both must decode the same source with the same weights.
     */
    void copyFrom(Decoding other) {
        for (int i = 0; i < keys.length; i++) {
            System.arraycopy(other.keys[i], 0, keys[i], 0, keys[i].length);                   // Kᵀ [d, maxLen]: every row
            System.arraycopy(other.values[i], 0, values[i], 0, other.position * d);            // V: the rows written so far
        }
        position = other.position;
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
        head.logProbs(normed, token, logProbs);
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
        for (int i = 0; i < d; i++) cacheKeys[i * maxLen + position] = keyValue[i];    // a column of Kᵀ
        System.arraycopy(keyValue, d, cacheValues, position * d, d);                  // a row of V
        attend(cacheKeys, maxLen, cacheValues, position + 1);
        layer.selfOut().apply(attended, 0, sublayerOut, 0);
        VectorMath.add(x, 0, sublayerOut, 0, d);
    }

    private void crossAttention(DecoderWeights.Layer layer, float[] sourceKeys, float[] sourceValues) {
        layer.crossNorm().apply(x, normed);
        layer.crossQuery().apply(normed, 0, query, 0);
        attend(sourceKeys, source.length(), sourceValues, source.length());
        layer.crossOut().apply(attended, 0, sublayerOut, 0);
        VectorMath.add(x, 0, sublayerOut, 0, d);
    }

    /**
     * attended = per head h, softmax(q_h·K_hᵀ/√dh)·V_h over the first n positions, where keysT is Kᵀ [d, stride]
     * (stride: positions it has room for) and values is V [≥ n, d]; head h owns rows/columns h·dh..h·dh + dh − 1.
     */
    private void attend(float[] keysT, int stride, float[] values, int n) {
        for (int h = 0; h < heads; h++) {
            VectorMath.vecMat(query, h * dh, dh, keysT, h * dh * stride, stride, n, scores, 0);       // q_h·K_hᵀ [n]
            VectorMath.scale(scores, 0, n, attentionScale);
            VectorMath.softmax(scores, 0, n);
            VectorMath.vecMat(scores, 0, n, values, h * dh, d, dh, attended, h * dh);                // weights·V_h [dh]
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
