package dev.retort.kd.model;

import org.bytedeco.pytorch.EmbeddingImpl;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.LayerNormImpl;
import org.bytedeco.pytorch.LayerNormOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;

/**
 * The encoder–decoder network: pre-LayerNorm transformer blocks, one token embedding shared by encoder,
 * decoder and output layer, learned positions, and a pointer (copy) head that lets the decoder put
 * probability on tokens of the source. Read top to bottom: {@link #encode}, {@link #decode}, {@link #outputLogProbs}.
 */
final class TransformerNet extends Module {
    private final ModelConfig c;
    private final EmbeddingImpl tokens;        // [V, d], also the output projection
    private final EmbeddingImpl sourcePositions;
    private final EmbeddingImpl targetPositions;
    private final List<EncoderBlock> encoder = new ArrayList<>();
    private final List<DecoderBlock> decoder = new ArrayList<>();
    private final LayerNormImpl encoderNorm;
    private final LayerNormImpl decoderNorm;
    private final LinearImpl copyQuery;        // pointer head: query from decoder state
    private final LinearImpl copyKey;          //               key from encoder state
    private final LinearImpl copyGate;         // [h; context] → logit of p_gen
    private final Tensor copyFollow;           // [1] pointer bonus after an occurrence of the input token, or null
    private boolean training = true;

    private record FeedForward(LayerNormImpl norm, LinearImpl up, LinearImpl down) {
    }

    private record EncoderBlock(LayerNormImpl norm, Attention attention, FeedForward ff) {
    }

    private record DecoderBlock(LayerNormImpl selfNorm, Attention self, LayerNormImpl crossNorm, Attention cross, FeedForward ff) {
    }

    /** Encoder output plus everything decoding steps reuse: cross-attention keys/values and pointer keys. */
    record Memory(Tensor states, Tensor sourceIds, Tensor sourceMask, List<Attention.KeyValues> cross, Tensor copyKeys) {
        /** Rows of the batch in the given order (beam search reorders and duplicates them). */
        Memory select(Tensor rows) {
            return new Memory(states.index_select(0, rows), sourceIds.index_select(0, rows), sourceMask.index_select(0, rows),
                    cross.stream().map(kv -> kv.select(rows)).toList(), copyKeys == null ? null : copyKeys.index_select(0, rows));
        }
    }

    /** Decoder self-attention keys/values so far, one entry per layer, each [B, H, t, dh]. */
    static final class Cache {
        final List<Attention.KeyValues> layers = new ArrayList<>();

        void select(Tensor rows) {
            layers.replaceAll(kv -> kv.select(rows));
        }
    }

    TransformerNet(ModelConfig c) {
        this.c = c;
        int d = c.dModel();
        tokens = register(this, "tokens", new EmbeddingImpl(c.vocabSize(), d));
        sourcePositions = register(this, "source_positions", new EmbeddingImpl(c.maxSourceLen(), d));
        targetPositions = register(this, "target_positions", new EmbeddingImpl(c.maxTargetLen(), d));
        for (int i = 0; i < c.encoderLayers(); i++) {
            String p = "encoder." + i;
            encoder.add(new EncoderBlock(norm(p + ".attention_norm"), new Attention(this, p + ".attention", d, c.heads()), feedForward(p)));
        }
        for (int i = 0; i < c.decoderLayers(); i++) {
            String p = "decoder." + i;
            decoder.add(new DecoderBlock(norm(p + ".self_norm"), new Attention(this, p + ".self", d, c.heads()),
                    norm(p + ".cross_norm"), new Attention(this, p + ".cross", d, c.heads()), feedForward(p)));
        }
        encoderNorm = norm("encoder_norm");
        decoderNorm = norm("decoder_norm");
        copyQuery = c.copy() ? register(this, "copy.query", new LinearImpl(d, d)) : null;
        copyKey = c.copy() ? register(this, "copy.key", new LinearImpl(d, d)) : null;
        copyGate = c.copy() ? register(this, "copy.gate", new LinearImpl(2L * d, 1)) : null;
        copyFollow = c.copyFollow() ? register_parameter("copy_follow", torch.ones(1)) : null;
        initialize();
    }

    /** Whether a parameter name (as {@code named_parameters} gives it) belongs to the token or a position embedding. */
    static boolean isEmbedding(String parameterName) {
        return parameterName.startsWith("tokens.") || parameterName.startsWith("source_positions.") || parameterName.startsWith("target_positions.");
    }

    /** libtorch forbids dots in submodule names; "encoder.0.ff.up" is registered as "encoder_0_ff_up". */
    static <M extends Module> M register(Module owner, String name, M module) {
        return owner.register_module(name.replace('.', '_'), module);
    }

    private LayerNormImpl norm(String name) {
        return register(this, name, new LayerNormImpl(new LayerNormOptions(new LongVector(new long[]{c.dModel()}))));
    }

    private FeedForward feedForward(String prefix) {
        return new FeedForward(norm(prefix + ".ff_norm"), register(this, prefix + ".ff.up", new LinearImpl(c.dModel(), c.ffDim())),
                register(this, prefix + ".ff.down", new LinearImpl(c.ffDim(), c.dModel())));
    }

    /** GPT-2 style: N(0, 0.02) everywhere, residual output projections scaled by 1/sqrt(2·layers), zero biases. */
    private void initialize() {
        double residualStd = 0.02 / Math.sqrt(2.0 * (c.encoderLayers() + c.decoderLayers()));
        try (var noGrad = new NoGradGuard()) {
            var named = named_parameters(true);
            for (long i = 0; i < named.size(); i++) {
                String name = named.get(i).key().getString();
                Tensor p = named.get(i).value();
                if (name.endsWith("norm.weight") || name.equals("copy_follow")) p.fill_(new Scalar(1.0));
                else if (name.endsWith(".bias")) p.zero_();
                else if (name.endsWith("out.weight") || name.endsWith("ff_down.weight")) p.normal_(0.0, residualStd, new GeneratorOptional());
                else p.normal_(0.0, 0.02, new GeneratorOptional());
            }
        }
    }

    void setTraining(boolean on) {
        training = on;
        train(on);
    }

    /** src [B, S] int64, srcMask [B, S] bool (true = real token) → memory with states [B, S, d]. */
    Memory encode(Tensor src, Tensor srcMask) {
        long s = src.size(1);
        Tensor positions = torch.arange(new Scalar(s)).to(src.device(), torch.ScalarType.Long);
        Tensor x = dropout(tokens.forward(src).add(sourcePositions.forward(positions)));   // [B, S, d]
        Tensor attnMask = srcMask.unsqueeze(1).unsqueeze(1);                                // [B, 1, 1, S]
        for (EncoderBlock block : encoder) {
            Tensor h = block.norm().forward(x);
            x = x.add(dropout(block.attention().attend(h, block.attention().project(h), attnMask, false)));
            x = x.add(feedForward(block.ff(), x));
        }
        Tensor states = encoderNorm.forward(x);                                             // [B, S, d]
        List<Attention.KeyValues> cross = decoder.stream().map(block -> block.cross().project(states)).toList();
        return new Memory(states, src, srcMask, cross, copyKey == null ? null : copyKey.forward(states));
    }

    /**
     * tgtIn [B, T] int64 starting at position {@code offset} → decoder states [B, T, d] after the final norm.
     * With a cache, T new tokens attend over the cached prefix plus themselves and are appended to it
     * (decoding passes T = 1); without one, the whole prefix is given and masked causally.
     */
    Tensor decode(Tensor tgtIn, int offset, Memory memory, Cache cache) {
        long t = tgtIn.size(1);
        Tensor positions = torch.arange(new Scalar(offset), new Scalar(offset + t)).to(tgtIn.device(), torch.ScalarType.Long);
        Tensor x = dropout(tokens.forward(tgtIn).add(targetPositions.forward(positions)));  // [B, T, d]
        Tensor crossMask = memory.sourceMask().unsqueeze(1).unsqueeze(1);                   // [B, 1, 1, S]
        for (int i = 0; i < decoder.size(); i++) {
            DecoderBlock block = decoder.get(i);
            Tensor h = block.selfNorm().forward(x);
            Attention.KeyValues kv = block.self().project(h);                               // [B, H, T, dh] each
            boolean causal = true;
            if (cache != null) {
                if (i < cache.layers.size()) {
                    kv = cache.layers.get(i).append(kv);
                    cache.layers.set(i, kv);
                } else {
                    cache.layers.add(kv);
                }
                causal = t > 1;  // one new token sees the whole cached prefix; several must start the sequence
            }
            x = x.add(dropout(block.self().attend(h, kv, null, causal)));
            x = x.add(dropout(block.cross().attend(block.crossNorm().forward(x), memory.cross().get(i), crossMask, false)));
            x = x.add(feedForward(block.ff(), x));
        }
        return decoderNorm.forward(x);                                                      // [B, T, d]
    }

    /**
     * Decoder states h [B, T, d] after the input tokens [B, T] → log-probabilities [B, T, V] of the next token.
     * Without the copy head this is log_softmax(h·Eᵀ). With it, p = p_gen·p_vocab + (1 − p_gen)·p_copy where p_copy
     * scatters the pointer attention over source positions onto their token ids; computed in log space (log-sigmoid,
     * logaddexp) so nothing overflows and tokens the source does not contain get exactly p_gen·p_vocab. With
     * copy-follow, a source position whose previous token is the input token gets β added to its pointer score
     * (CopyNet's "selective read" as a score: after copying x_j the natural next copy is x_{j+1}).
     */
    Tensor outputLogProbs(Tensor h, Tensor inputs, Memory memory) {
        Tensor vocab = torch.log_softmax(torch.matmul(h, tokens.weight().t()), 2);          // [B, T, V]
        if (copyQuery == null) return vocab;
        long b = h.size(0), t = h.size(1), s = memory.sourceIds().size(1);
        Tensor scores = torch.matmul(copyQuery.forward(h), memory.copyKeys().transpose(1, 2))
                .div(new Scalar(Math.sqrt(c.dModel())));                                     // [B, T, S]
        if (copyFollow != null) scores = scores.add(follows(inputs, memory.sourceIds()).to(scores.scalar_type()).mul(copyFollow));
        scores = scores.masked_fill(memory.sourceMask().unsqueeze(1).logical_not(), new Scalar(Double.NEGATIVE_INFINITY));
        Tensor pointer = torch.softmax(scores, 2);                                           // [B, T, S]
        Tensor context = torch.matmul(pointer, memory.states());                             // [B, T, d]
        Tensor gate = copyGate.forward(torch.cat(new TensorVector(h, context), 2));          // [B, T, 1]
        Tensor copyProbs = torch.zeros(b, t, c.vocabSize()).to(h.device(), h.scalar_type())
                .scatter_add(2, memory.sourceIds().unsqueeze(1).expand(b, t, s), pointer);   // [B, T, V]
        Tensor absent = copyProbs.le(new Scalar(0.0));
        Tensor copy = copyProbs.masked_fill(absent, new Scalar(1.0)).log()
                .masked_fill(absent, new Scalar(Double.NEGATIVE_INFINITY));                  // [B, T, V], −inf off-source
        return torch.logaddexp(torch.log_sigmoid(gate).add(vocab), torch.log_sigmoid(gate.neg()).add(copy));
    }

    /** inputs [B, T], sourceIds [B, S] → [B, T, S] bool, true where sourceIds[j − 1] equals the input token. */
    private static Tensor follows(Tensor inputs, Tensor sourceIds) {
        long s = sourceIds.size(1);
        Tensor none = torch.full_like(sourceIds.narrow(1, 0, 1), new Scalar(-1));          // [B, 1], no token precedes j = 0
        Tensor previous = torch.cat(new TensorVector(none, sourceIds.narrow(1, 0, s - 1)), 1); // [B, S]
        return inputs.unsqueeze(2).eq(previous.unsqueeze(1));                              // [B, T, S]
    }

    private Tensor feedForward(FeedForward ff, Tensor x) {
        Tensor h = torch.gelu(ff.up().forward(ff.norm().forward(x)));                      // [B, T, ff]
        return dropout(ff.down().forward(h));                                                // [B, T, d]
    }

    private Tensor dropout(Tensor x) {
        return training && c.dropout() > 0 ? torch.dropout(x, c.dropout(), true) : x;
    }
}
