package dev.retort.kd.model;

import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.List;

/**
 * Token id sequences padded into tensors. Masks come from the sequence lengths, never from comparing ids
 * with the pad id, so a real token that happens to equal PAD is still attended to.
 *
 * @param source     [B, S] int64, padded with PAD
 * @param sourceMask [B, S] bool, true at real tokens
 * @param targetIn   [B, T] int64: BOS + target (teacher forcing input), or null for inference batches
 * @param targetOut  [B, T] int64: target + EOS, or null
 * @param targetMask [B, T] bool, true at real target positions, or null
 */
public record SequenceBatch(Tensor source, Tensor sourceMask, Tensor targetIn, Tensor targetOut, Tensor targetMask,
                            int size, long targetTokens) {

    /** Sources truncated to maxSourceLen; targets truncated to maxTargetLen − 1 tokens so BOS/EOS fit. */
    public static SequenceBatch of(ModelConfig c, List<int[]> sources, List<int[]> targets, Device device) {
        int b = sources.size();
        int s = 1;
        for (int[] src : sources) s = Math.max(s, Math.min(src.length, c.maxSourceLen()));
        long[] srcIds = new long[b * s];
        boolean[] srcMask = new boolean[b * s];
        java.util.Arrays.fill(srcIds, c.padId());
        for (int i = 0; i < b; i++) {
            int[] src = sources.get(i);
            int n = Math.min(src.length, c.maxSourceLen());
            if (n == 0) throw new IllegalArgumentException("source sequence " + i + " is empty");
            for (int j = 0; j < n; j++) {
                srcIds[i * s + j] = src[j];
                srcMask[i * s + j] = true;
            }
        }
        Tensor source = longs(srcIds, b, s).to(device, torch.ScalarType.Long);
        Tensor sourceMask = bools(srcMask, b, s).to(device, torch.ScalarType.Bool);
        if (targets == null) return new SequenceBatch(source, sourceMask, null, null, null, b, 0);

        int t = 1;
        for (int[] tgt : targets) t = Math.max(t, Math.min(tgt.length, c.maxTargetLen() - 1) + 1);
        long[] in = new long[b * t];
        long[] out = new long[b * t];
        boolean[] mask = new boolean[b * t];
        java.util.Arrays.fill(in, c.padId());
        java.util.Arrays.fill(out, c.padId());
        long tokens = 0;
        for (int i = 0; i < b; i++) {
            int[] tgt = targets.get(i);
            int n = Math.min(tgt.length, c.maxTargetLen() - 1);
            in[i * t] = c.bosId();
            for (int j = 0; j < n; j++) {
                in[i * t + j + 1] = tgt[j];
                out[i * t + j] = tgt[j];
            }
            out[i * t + n] = c.eosId();
            for (int j = 0; j <= n; j++) mask[i * t + j] = true;
            tokens += n + 1;
        }
        return new SequenceBatch(source, sourceMask, longs(in, b, t).to(device, torch.ScalarType.Long),
                longs(out, b, t).to(device, torch.ScalarType.Long), bools(mask, b, t).to(device, torch.ScalarType.Bool), b, tokens);
    }

    private static Tensor longs(long[] values, long... shape) {
        return Tensors.of(values, shape);
    }

    private static Tensor bools(boolean[] values, long... shape) {
        long[] asLongs = new long[values.length];
        for (int i = 0; i < values.length; i++) asLongs[i] = values[i] ? 1 : 0;
        return Tensors.of(asLongs, shape).to(torch.ScalarType.Bool);
    }
}
