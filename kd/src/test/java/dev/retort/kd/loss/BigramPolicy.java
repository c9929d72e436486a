package dev.retort.kd.loss;

import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.EmbeddingImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

import java.util.List;

/**
 * The smallest autoregressive policy: next-token logits are a learned row per previous token, [V, V].
 * Tokens are code pieces whose concatenation is the decoded text, so sequence-level costs apply as they do
 * to the real seq2seq student.
 */
final class BigramPolicy extends Module implements SequenceSampler.Policy {
    static final List<String> PIECES = List.of("<bos>", "<eos>", "assertEquals(", "assertTrue(", "1", ", ", "r",
            ")", ";", "x", "\n", "foo", "assertTrue(x);");
    static final long WHOLE_STATEMENT = 12;
    static final long BOS = 0;
    static final long EOS = 1;

    final EmbeddingImpl table;

    BigramPolicy() {
        table = register_module("table", new EmbeddingImpl(PIECES.size(), PIECES.size()));
    }

    /** Makes "assertTrue(x);" then end-of-sequence likely enough to be sampled, so validity has a signal. */
    void preferWholeStatement() {
        try (var noGrad = new org.bytedeco.pytorch.NoGradGuard()) {
            Tensor w = table.weight();
            w.select(0, BOS).select(0, WHOLE_STATEMENT).add_(new org.bytedeco.pytorch.Scalar(2.0));
            w.select(0, WHOLE_STATEMENT).select(0, EOS).add_(new org.bytedeco.pytorch.Scalar(2.0));
        }
    }

    @Override
    public Tensor logits(Tensor prefix) {
        return table.forward(prefix); // [N, t] → [N, t, V]
    }

    AdamW optimizer(double lr) {
        return new AdamW(parameters(), new AdamWOptions(lr));
    }

    static String decode(long[] tokens) {
        StringBuilder sb = new StringBuilder();
        for (long t : tokens) if (t != EOS && t != BOS) sb.append(PIECES.get((int) t));
        return sb.toString();
    }
}
