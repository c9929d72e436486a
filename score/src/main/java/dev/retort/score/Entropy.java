package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.DType;
import dev.retort.core.io.NdArray;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.Arrays;

/**
 * Shannon entropy of softmax(logits / T) per token, in nats, and its aggregation per sequence.
 *
 * <p>H = −Σ p·log p with log p = log_softmax(z): no {@code +1e-10} fudge. The fast path works on the whole
 * tensor; a row whose result is not finite (a ±inf logit) is recomputed exactly: entries with logit −inf have
 * p = 0 and contribute 0 (the limit of p log p), and a row with k logits equal to +inf is the limit of a
 * softmax that puts mass 1/k on each of them, so H = log k. A row of only −inf logits has no distribution:
 * it is NaN and must be masked; a NaN logit is an error.
 */
public final class Entropy {
    /** Rows per chunk of the fast path; keeps the temporaries small (see bench/score/entropy.sh). */
    static final long CHUNK_ROWS = 64;

    private Entropy() {
    }

    /** Per-sequence and per-token results of {@link #compute}. */
    public record Result(double[] sequence, double[] normalizedSequence, NdArray tokens, double logVocab) {
        /** 1 − normalized entropy per sequence: the confidence f1 of the feature set, in [0, 1]. */
        public double[] confidence() {
            return Arrays.stream(normalizedSequence).map(h -> 1 - h).toArray();
        }
    }

    /**
     * @param logits [batch, seq, vocab] or [seq, vocab] (one sequence), any float dtype
     * @param mask   null, or [batch, seq] / [seq] with 1 for real tokens and 0 for padding
     */
    public static Result compute(NdArray logits, NdArray mask, double temperature, Reduction reduction) {
        long[] shape = logits.shape();
        if (shape.length != 2 && shape.length != 3) {
            throw new BadInputException("logits must be [batch, seq, vocab] or [seq, vocab], got shape " + Arrays.toString(shape));
        }
        if (shape[shape.length - 1] < 1) throw new BadInputException("logits have an empty vocabulary axis");
        checkTemperature(temperature);
        try (var s = Engine.step()) {
            Tensor z = Tensors.fromArray(logits);
            if (z.scalar_type().value == torch.ScalarType.Half.value) z = z.to(torch.ScalarType.Float);
            if (shape.length == 2) z = z.unsqueeze(0);
            long batch = Tensors.shape(z)[0], seq = Tensors.shape(z)[1];
            Tensor m = maskTensor(mask, batch, seq, shape.length == 2);
            Tensor h = tokens(z, temperature);                         // [batch, seq]
            Tensor hs = reduce(h, m, reduction);                        // [batch]
            double logV = Math.log(shape[shape.length - 1]);
            double[] seqH = toDoubles(hs);
            for (int b = 0; b < seqH.length; b++) {
                if (!Double.isFinite(seqH[b])) {
                    throw new BadInputException("sequence " + b + " has no usable token: every unmasked position needs at least one logit above -inf (mask padding with --mask)");
                }
            }
            double[] norm = Arrays.stream(seqH).map(v -> logV == 0 ? 0 : v / logV).toArray();
            NdArray tok = Tensors.toArray(h.reshape(shape.length == 2 ? new long[]{seq} : new long[]{batch, seq}), DType.FLOAT32);
            return new Result(seqH, norm, tok, logV);
        }
    }

    static void checkTemperature(double temperature) {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new BadInputException("--temperature must be a finite number above 0, got " + temperature);
        }
    }

    /** Token entropies in nats: logits [..., V] → [...], same float dtype. */
    static Tensor tokens(Tensor logits, double temperature) {
        return tokens(logits, temperature, CHUNK_ROWS);
    }

    static Tensor tokens(Tensor logits, double temperature, long chunkRows) {
        long[] shape = Tensors.shape(logits);
        long vocab = shape[shape.length - 1];
        long[] lead = Arrays.copyOf(shape, shape.length - 1);
        Tensor rows = logits.reshape(-1, vocab);                      // [N, V]
        long n = Tensors.shape(rows)[0];
        Tensor out = torch.empty_like(rows.select(1, 0));          // [N]
        for (long start = 0; start < n; start += chunkRows) {
            long len = Math.min(chunkRows, n - start);
            try (var s = Engine.step()) {
                Tensor z = scaled(rows.narrow(0, start, len), temperature);   // [c, V]
                Tensor logp = z.log_softmax(1);                       // [c, V]
                Tensor p = logp.exp();
                // −Σ p·log p as one batched dot product: [c,1,V] @ [c,V,1] → [c,1,1]
                Tensor h = p.unsqueeze(1).bmm(logp.unsqueeze(2)).reshape(len).neg();
                out.narrow(0, start, len).copy_(h);
            }
        }
        Tensor bad = torch.isfinite(out).logical_not();
        if (bad.any().item_bool()) {
            Tensor idx = bad.nonzero().reshape(-1);                    // [m]
            Tensor fixed = exactRows(rows.index_select(0, idx), temperature);
            out.index_copy_(0, idx, fixed);
        }
        return out.reshape(lead);
    }

    /**
     * z / T over the last axis, computed as (z − max z) / T when T ≠ 1: softmax is unchanged by the shift, and at
     * T < 1 logits near the float limit (4 × 3e38 at T = 0.5) would otherwise overflow to +inf and turn a plain tie
     * into NaN. A row holding +inf becomes NaN here; callers apply the +inf limit from the unscaled logits.
     */
    static Tensor scaled(Tensor z, double temperature) {
        if (temperature == 1.0) return z;
        return z.sub(z.amax(new long[]{-1}, true)).div(new Scalar(temperature));
    }

    /** The careful path for rows holding ±inf: [m, V] → [m]. NaN logits are an error. */
    static Tensor exactRows(Tensor z, double temperature) {
        if (z.isnan().any().item_bool()) throw new BadInputException("logits contain NaN; entropy is undefined");
        Tensor logp = scaled(z, temperature).log_softmax(1);
        Tensor p = logp.exp();
        Tensor plogp = torch.where(p.eq(new Scalar(0.0)), torch.zeros_like(p), p.mul(logp));
        Tensor finite = plogp.sum(new long[]{1}, false, new org.bytedeco.pytorch.ScalarTypeOptional()).neg();   // [m]
        Tensor posInf = z.eq(new Scalar(Double.POSITIVE_INFINITY)).sum(new long[]{1}, false, new org.bytedeco.pytorch.ScalarTypeOptional()).to(finite.scalar_type());
        Tensor allNegInf = z.eq(new Scalar(Double.NEGATIVE_INFINITY)).all(1);
        Tensor h = torch.where(posInf.gt(new Scalar(0.0)), posInf.log(), finite);
        return torch.where(allNegInf, torch.full_like(h, new Scalar(Double.NaN)), h);
    }

    /** [batch, seq] token entropies and {0,1} mask → [batch] per-sequence values (NaN when nothing is unmasked). */
    static Tensor reduce(Tensor h, Tensor mask, Reduction reduction) {
        Tensor m = mask.to(h.scalar_type());
        Tensor safe = torch.where(mask, h, torch.zeros_like(h));     // masked positions may hold NaN
        long[] dim = {1};
        var noType = new org.bytedeco.pytorch.ScalarTypeOptional();
        return switch (reduction) {
            case MEAN -> safe.mul(m).sum(dim, false, noType).div(m.sum(dim, false, noType));
            case MAX -> {
                Tensor filled = torch.where(mask, h, torch.full_like(h, new Scalar(Double.NEGATIVE_INFINITY)));
                Tensor max = filled.amax(dim, false);
                yield torch.where(mask.any(1), max, torch.full_like(max, new Scalar(Double.NaN)));
            }
            case WEIGHTED_MEAN -> {
                Tensor i = m.cumsum(1).mul(m);                          // 1..n over real tokens, 0 on padding
                Tensor nTok = m.sum(dim, true, noType);
                Tensor w = i.div(nTok);                                 // i / n
                yield safe.mul(w).sum(dim, false, noType).div(w.sum(dim, false, noType));
            }
        };
    }

    /** The mask as a bool [batch, seq] tensor (all true when absent); shape errors name the expected shape. */
    static Tensor maskTensor(NdArray mask, long batch, long seq, boolean single) {
        if (mask == null) return torch.ones(batch, seq).to(torch.ScalarType.Bool);
        long[] want = single ? new long[]{seq} : new long[]{batch, seq};
        if (!Arrays.equals(mask.shape(), want)) {
            throw new BadInputException("mask has shape " + Arrays.toString(mask.shape()) + ", logits need " + Arrays.toString(want));
        }
        float[] v = mask.toFloats();
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0 && v[i] != 1) throw new BadInputException("mask value " + v[i] + " at index " + i + ": use 1 for real tokens and 0 for padding");
        }
        return Tensors.of(v, batch, seq).gt(new Scalar(0.5));
    }

    /** Elements as doubles, row-major (exact for float64 tensors). */
    static double[] toDoubles(Tensor t) {
        Tensor c = t.detach().to(torch.ScalarType.Double).cpu().contiguous();
        double[] out = new double[Math.toIntExact(c.numel())];
        ((java.nio.DoubleBuffer) c.createBuffer()).get(out);
        return out;
    }

    /** A float64 CPU tensor holding {@code values} viewed as {@code shape}. */
    static Tensor doubles(double[] values, long... shape) {
        return Tensor.create(values, shape);
    }
}
