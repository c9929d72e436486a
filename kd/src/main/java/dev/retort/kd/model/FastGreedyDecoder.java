package dev.retort.kd.model;

import dev.retort.core.Engine;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;

import java.util.Arrays;
import java.util.List;

/**
 * Greedy decoding of one source at a time whose cost is the arithmetic, not libtorch's per-call overhead: the source
 * is encoded by libtorch in one call, and every decoding step runs in plain Java with SIMD ({@link Decoding}) on a
 * snapshot of the decoder's weights. It gives the tokens {@link Seq2SeqModel#generateGreedy} gives for a batch of one
 * (up to float rounding on near-ties). Measured on 2 CPU cores, batch 1: about 6× fewer ms per decoded token than
 * libtorch for the 1.3M-parameter student and 3× for the 6.3M teacher, whose steps are then bound by reading the
 * weights from memory; encoding the source costs the same on both paths.
 *
 * <p>The decoder weights are copied when the snapshot is taken ({@link Seq2SeqModel#fastDecoder}), while encoding
 * uses the live model: take a new snapshot after the model's weights change (training, loading), never reuse an old
 * one. Not for concurrent use: like generateGreedy, encoding puts the model in eval mode for the call.
 */
public final class FastGreedyDecoder {
    private final TransformerNet net;
    private final Device device;
    private final DecoderWeights weights;

    FastGreedyDecoder(TransformerNet net, Device device, DecoderWeights weights) {
        this.net = net;
        this.device = device;
        this.weights = weights;
    }

    /**
     * Greedy decoding of one source with the stop rule of {@link Seq2SeqModel#generateGreedy}: the tokens before EOS,
     * or the first min(maxLen, maxTargetLen) tokens when EOS does not come.
     */
    public int[] generate(int[] source, int maxLen) {
        ModelConfig c = weights.config();
        int steps = Math.min(maxLen, c.maxTargetLen());
        Decoding decoding = start(source);
        int[] out = new int[Math.max(steps, 0)];
        int n = 0;
        int token = c.bosId();
        for (int t = 0; t < steps; t++) {
            token = decoding.next(token);
            if (token == c.eosId()) break;
            out[n++] = token;
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Beam search of width {@code beam} over one source, in plain Java ({@link JavaBeamSearch}): the candidates
     * {@link Seq2SeqModel#beamCandidates(int[], int, int)} gives (up to float rounding on near-ties), best first.
     */
    public List<int[]> beam(int[] source, int maxLen, int beam) {
        if (beam < 1) throw new dev.retort.core.BadInputException("beam size must be at least 1, got " + beam);
        return JavaBeamSearch.run(weights, encode(source), maxLen, beam);
    }

    /** Encodes the source and returns a decoding positioned before BOS. */
    Decoding start(int[] source) {
        return new Decoding(weights, encode(source));
    }

    /** libtorch encoder in eval mode, then a copy of what decoding reads: states, cross keys/values, pointer keys. */
    private SourceMemory encode(int[] source) {
        boolean wasTraining = net.is_training();
        net.setTraining(false);
        try (var scope = Engine.step(); var noGrad = new NoGradGuard()) {
            SequenceBatch batch = SequenceBatch.of(weights.config(), List.of(source), null, device);
            TransformerNet.Memory memory = net.encode(batch.source(), batch.sourceMask());
            int layers = memory.cross().size();
            float[][] keys = new float[layers][];
            float[][] values = new float[layers][];
            for (int i = 0; i < layers; i++) {
                Attention.KeyValues kv = memory.cross().get(i);                             // each [1, H, S, dh]
                keys[i] = Tensors.toFloats(kv.keys().transpose(2, 3));                      // [H, dh, S] = Kᵀ [d, S]
                values[i] = Tensors.toFloats(kv.values().transpose(1, 2));                  // [S, H, dh] = V [S, d]
            }
            int[] ids = Arrays.stream(Tensors.toLongs(batch.source())).mapToInt(Math::toIntExact).toArray();   // [S]
            float[] copyKeys = memory.copyKeys() == null ? null : Tensors.toFloats(memory.copyKeys());        // [S * d]
            return new SourceMemory(ids, Tensors.toFloats(memory.states()), keys, values, copyKeys);
        } finally {
            net.setTraining(wasTraining);
        }
    }
}
