package dev.retort.kd.model;

import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Multi-head attention written out so that decoding can keep keys and values between steps (KV cache).
 * Used for encoder self-attention, causal decoder self-attention and cross-attention. The score kernel is
 * libtorch's fused scaled_dot_product_attention; its layers are registered on the owning module.
 */
final class Attention {
    /** Keys and values split into heads: each [B, H, S, dh]. */
    record KeyValues(Tensor keys, Tensor values) {
        KeyValues append(KeyValues step) {
            return new KeyValues(torch.cat(new org.bytedeco.pytorch.TensorVector(keys, step.keys), 2),
                    torch.cat(new org.bytedeco.pytorch.TensorVector(values, step.values), 2));
        }

        KeyValues select(Tensor rows) {
            return new KeyValues(keys.index_select(0, rows), values.index_select(0, rows));
        }
    }

    private final LinearImpl query;
    private final LinearImpl keyValue;
    private final LinearImpl out;
    private final int heads;
    private final int dModel;

    Attention(Module owner, String name, int dModel, int heads) {
        this.query = TransformerNet.register(owner, name + ".query", new LinearImpl(dModel, dModel));
        this.keyValue = TransformerNet.register(owner, name + ".key_value", new LinearImpl(dModel, 2L * dModel));
        this.out = TransformerNet.register(owner, name + ".out", new LinearImpl(dModel, dModel));
        this.heads = heads;
        this.dModel = dModel;
    }

    LinearImpl outProjection() {
        return out;
    }

    /** memory [B, S, d] → keys and values [B, H, S, dh]. */
    KeyValues project(Tensor memory) {
        Tensor kv = keyValue.forward(memory);                 // [B, S, 2d]
        return new KeyValues(splitHeads(kv.narrow(2, 0, dModel)), splitHeads(kv.narrow(2, dModel, dModel)));
    }

    /**
     * x [B, T, d] attends over kv; mask is a boolean [B, 1, 1|T, S] (true = may attend) or null;
     * causal applies the lower-triangular mask for T == S. Returns [B, T, d].
     */
    Tensor attend(Tensor x, KeyValues kv, Tensor mask, boolean causal) {
        Tensor q = splitHeads(query.forward(x));              // [B, H, T, dh]
        Tensor y = torch.scaled_dot_product_attention(q, kv.keys(), kv.values(),
                mask == null ? new TensorOptional() : new TensorOptional(mask), 0.0, causal, new DoubleOptional(), false);
        long b = x.size(0), t = x.size(1);
        y = y.transpose(1, 2).contiguous().view(b, t, dModel); // [B, T, d]
        return out.forward(y);
    }

    /** [B, T, d] → [B, H, T, dh]. */
    private Tensor splitHeads(Tensor x) {
        long b = x.size(0), t = x.size(1);
        return x.reshape(b, t, heads, dModel / heads).transpose(1, 2);
    }
}
