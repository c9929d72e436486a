package dev.retort.kd.loss;

import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.Arrays;

/**
 * Ancestral sampling from an autoregressive policy, and the log-probability of given samples with gradient —
 * the two halves of the REINFORCE estimator in {@link SequenceRisk}. Sampling draws from libtorch's seeded
 * generator, so a run is reproducible.
 */
public final class SequenceSampler {
    private SequenceSampler() {
    }

    /** Next-token logits for every position of a decoder input: prefix [N, t] int64 → [N, t, V]. */
    @FunctionalInterface
    public interface Policy {
        Tensor logits(Tensor prefix);
    }

    /**
     * A policy fed one token per row per step: the last tokens [N, 1] int64 → next-token logits [N, V]. A model
     * with a KV cache implements it directly; {@link #incremental(Policy)} adapts a whole-prefix policy.
     */
    @FunctionalInterface
    public interface Stepper {
        Tensor next(Tensor lastTokens);
    }

    /** A stepper that keeps the prefix and runs {@code policy} over all of it at every step (for policies without a cache). */
    public static Stepper incremental(Policy policy) {
        return new Stepper() {
            private Tensor prefix;

            @Override
            public Tensor next(Tensor lastTokens) {
                prefix = prefix == null ? lastTokens : torch.cat(new TensorVector(prefix, lastTokens), 1);
                return policy.logits(prefix).select(1, prefix.size(1) - 1);
            }
        };
    }

    /**
     * Draws one sequence per row (the caller repeats the source rows for several samples each), without
     * gradient. Each row stops at its first {@code eos} (kept) or after {@code maxLen} tokens.
     *
     * @return the sampled tokens per row, bos excluded
     */
    public static long[][] sample(Stepper policy, int rows, long bos, long eos, int maxLen) {
        long[][] out = new long[rows][];
        int[] length = new int[rows];
        boolean[] done = new boolean[rows];
        long[][] buf = new long[rows][maxLen];
        try (var noGrad = new NoGradGuard()) {
            long[] start = new long[rows];
            Arrays.fill(start, bos);
            Tensor last = Tensors.of(start, rows, 1);                                    // [N, 1]
            for (int t = 0; t < maxLen; t++) {
                Tensor logits = policy.next(last);                                      // [N, V]
                Tensor next = torch.multinomial(logits.to(torch.ScalarType.Float).softmax(-1), 1); // [N, 1]
                long[] ids = Tensors.toLongs(next);
                boolean all = true;
                for (int i = 0; i < rows; i++) {
                    if (!done[i]) {
                        buf[i][length[i]++] = ids[i];
                        done[i] = ids[i] == eos;
                    }
                    all &= done[i];
                }
                if (all) break;
                last = next.to(torch.ScalarType.Long);
            }
        }
        for (int i = 0; i < rows; i++) out[i] = Arrays.copyOf(buf[i], length[i]);
        return out;
    }

    /**
     * Σ_t log p(y_t | bos, y_&lt;t) for each row, [N], differentiable with respect to the policy's parameters.
     * Rows may differ in length; shorter ones are padded with {@code eos} and masked.
     */
    public static Tensor logProbs(Policy policy, long[][] sequences, long bos, long eos) {
        int n = sequences.length;
        int len = 1;
        for (long[] s : sequences) len = Math.max(len, s.length);
        long[] in = new long[n * len];
        long[] target = new long[n * len];
        float[] mask = new float[n * len];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < len; t++) {
                in[i * len + t] = t == 0 ? bos : (t - 1 < sequences[i].length ? sequences[i][t - 1] : eos);
                target[i * len + t] = t < sequences[i].length ? sequences[i][t] : eos;
                mask[i * len + t] = t < sequences[i].length ? 1f : 0f;
            }
        }
        Tensor logits = policy.logits(Tensors.of(in, n, len));                          // [N, L, V]
        Tensor tgt = Tensors.of(target, n, len).to(logits.device(), torch.ScalarType.Long);
        Tensor m = Tensors.of(mask, n, len).to(logits.device(), logits.scalar_type());
        Tensor logp = logits.log_softmax(-1).gather(-1, tgt.unsqueeze(-1)).squeeze(-1); // [N, L]
        return logp.mul(m).sum(new long[]{1}, false, new org.bytedeco.pytorch.ScalarTypeOptional());
    }

}
