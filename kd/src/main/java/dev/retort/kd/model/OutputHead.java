package dev.retort.kd.model;

/**
 * Final decoder state h [d] → next-token log-probabilities [V] for one source, as {@link TransformerNet#outputLogProbs}:
 * log_softmax(h·Eᵀ), and with the copy head the mixture p = σ(g)·p_vocab + σ(−g)·p_copy, where p_copy puts the
 * pointer attention of each source position on that position's token id and g = w·[h; context] + b. With
 * copy-follow, positions right after an occurrence of the input token get β added to their pointer score.
 */
final class OutputHead {
    private final DecoderWeights w;
    private final SourceMemory source;
    private final int d;
    private final float pointerScale;    // 1/√d
    private final float[] pointerQuery;  // [d]
    private final float[] pointer;       // [S] attention over source positions
    private final float[] context;       // [d] pointer-weighted encoder states
    private final float[] copyMass;      // [V] p_copy being summed; all zero between calls

    OutputHead(DecoderWeights weights, SourceMemory source) {
        this.w = weights;
        this.source = source;
        this.d = weights.config().dModel();
        this.pointerScale = (float) (1.0 / Math.sqrt(d));
        boolean copy = weights.copy() != null;
        this.pointerQuery = copy ? new float[d] : null;
        this.pointer = copy ? new float[source.length()] : null;
        this.context = copy ? new float[d] : null;
        this.copyMass = copy ? new float[weights.config().vocabSize()] : null;
    }

    /** Writes log p(next token) for every token id into out [V], given the decoder state h after the input token. */
    void logProbs(float[] h, int input, float[] out) {
        int vocab = out.length;
        VectorMath.matVec(w.tokens(), null, vocab, d, h, 0, out, 0);                       // logits [V]
        float logZ = VectorMath.logSumExp(out, vocab);
        if (w.copy() == null) {
            VectorMath.addConstant(out, -logZ, vocab);
            return;
        }
        double gate = gateLogit(h, input);
        VectorMath.addConstant(out, (float) (logSigmoid(gate) - logZ), vocab);              // log σ(g) + log p_vocab
        mixInCopy(out, 1.0 / (1.0 + Math.exp(gate)));                                      // σ(−g)
    }

    /** Fills pointer [S] and context [d]; returns g = w·[h; context] + b. */
    private double gateLogit(float[] h, int input) {
        DecoderWeights.CopyHead copy = w.copy();
        copy.query().apply(h, 0, pointerQuery, 0);
        VectorMath.matVec(source.copyKeys(), null, pointer.length, d, pointerQuery, 0, pointer, 0);       // keys [S, d]·q
        VectorMath.scale(pointer, 0, pointer.length, pointerScale);
        if (copy.follow() != 0f) {
            int[] ids = source.ids();
            for (int s = 1; s < ids.length; s++) if (ids[s - 1] == input) pointer[s] += copy.follow();   // copy-follow
        }
        VectorMath.softmax(pointer, 0, pointer.length);
        VectorMath.vecMat(pointer, 0, pointer.length, source.states(), 0, d, d, context, 0);             // pointer·states
        float[] gate = copy.gate().weight();                                                // [1, 2d] over [h; context]
        return VectorMath.dot(gate, 0, h, 0, d) + VectorMath.dot(gate, d, context, 0, d) + copy.gate().bias()[0];
    }

    /**
     * out[v] = log(exp(out[v]) + σ(−g)·p_copy[v]) for each token v of the source, in double, where nothing overflows
     * (both terms are probabilities); tokens outside the source (or whose pointer mass underflowed to 0) keep
     * log σ(g) + log p_vocab[v], as libtorch's −inf branch gives them.
     */
    private void mixInCopy(float[] out, double copyGate) {
        int[] ids = source.ids();
        for (int s = 0; s < ids.length; s++) copyMass[ids[s]] += pointer[s];
        for (int id : ids) {
            float mass = copyMass[id];
            if (mass <= 0f) continue;                                                      // already mixed, or underflow
            out[id] = (float) Math.log(Math.exp(out[id]) + copyGate * mass);
            copyMass[id] = 0f;
        }
    }

    /** log σ(z) without overflow. */
    private static double logSigmoid(double z) {
        return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
    }
}
