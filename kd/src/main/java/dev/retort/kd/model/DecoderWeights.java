package dev.retort.kd.model;

import dev.retort.core.Engine;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A copy of the weights that a decoding step multiplies by, taken from a {@link TransformerNet} as float32 Java
 * arrays. It is a snapshot: later changes to the network's weights do not reach it. The encoder's weights and the
 * cross-attention key/value projection are not here; encoding stays in libtorch.
 *
 * @param tokens          [V * d] token embedding, also the output projection (logits = h·Eᵀ)
 * @param targetPositions [maxTargetLen * d] learned target positions
 * @param layers          one per decoder block, bottom first
 * @param finalNorm       the decoder's last LayerNorm
 * @param copy            the pointer head, or null when the config has none
 */
record DecoderWeights(ModelConfig config, float[] tokens, float[] targetPositions, List<Layer> layers, Norm finalNorm,
                      CopyHead copy) {
    /** torch.nn.LayerNorm's default epsilon. */
    static final float LAYER_NORM_EPS = 1e-5f;

    /** A Linear layer: weight [out * in] (row-major [out, in], as libtorch stores it), bias [out]. */
    record Linear(float[] weight, float[] bias, int out, int in) {
        /** y[yOff, yOff + out) = W·x[xOff, xOff + in) + b. */
        void apply(float[] x, int xOff, float[] y, int yOff) {
            VectorMath.matVec(weight, bias, out, in, x, xOff, y, yOff);
        }
    }

    /** A LayerNorm over d: weight [d], bias [d]. */
    record Norm(float[] weight, float[] bias) {
        void apply(float[] x, float[] out) {
            VectorMath.layerNorm(x, weight, bias, LAYER_NORM_EPS, out);
        }
    }

    /** Self-attention's key_value is one Linear [2d, d] whose output is [k; v]. */
    record Layer(Norm selfNorm, Linear selfQuery, Linear selfKeyValue, Linear selfOut,
                 Norm crossNorm, Linear crossQuery, Linear crossOut,
                 Norm ffNorm, Linear ffUp, Linear ffDown) {
    }

    /** Pointer query [d, d], gate [1, 2d] over [h; context], and the copy-follow bonus β (0 without copy-follow). */
    record CopyHead(Linear query, Linear gate, float follow) {
    }

    static DecoderWeights snapshot(Module net, ModelConfig config) {
        try (var scope = Engine.step()) {
            Parameters p = Parameters.of(net);
            List<Layer> layers = IntStream.range(0, config.decoderLayers()).mapToObj(i -> {
                String b = "decoder_" + i + "_";
                return new Layer(p.norm(b + "self_norm"), p.linear(b + "self_query"), p.linear(b + "self_key_value"), p.linear(b + "self_out"),
                        p.norm(b + "cross_norm"), p.linear(b + "cross_query"), p.linear(b + "cross_out"),
                        p.norm(b + "ff_norm"), p.linear(b + "ff_up"), p.linear(b + "ff_down"));
            }).toList();
            CopyHead copy = config.copy() ? new CopyHead(p.linear("copy_query"), p.linear("copy_gate"),
                    config.copyFollow() ? p.values("copy_follow")[0] : 0f) : null;
            return new DecoderWeights(config, p.values("tokens.weight"), p.values("target_positions.weight"), layers,
                    p.norm("decoder_norm"), copy);
        }
    }

    /**
     * A module's parameters by registered name (dots in submodule names are underscores), copied out one by one on
     * request, so the encoder's are never copied. Its handles live in the enclosing {@link Engine#step()}.
     */
    private record Parameters(Map<String, Tensor> tensors) {
        static Parameters of(Module net) {
            Map<String, Tensor> tensors = new HashMap<>();
            var named = net.named_parameters(true);
            for (long i = 0; i < named.size(); i++) {
                tensors.put(named.get(i).key().getString(), new Tensor(named.get(i).value()));   // own handle: the dict's dangles once it is freed
            }
            return new Parameters(tensors);
        }

        private Tensor tensor(String name) {
            Tensor t = tensors.get(name);
            if (t == null) throw new IllegalStateException("the network has no parameter " + name);
            return t;
        }

        float[] values(String name) {
            return Tensors.toFloats(tensor(name));
        }

        Linear linear(String module) {
            long[] shape = Tensors.shape(tensor(module + ".weight"));                              // [out, in]
            return new Linear(values(module + ".weight"), values(module + ".bias"), (int) shape[0], (int) shape[1]);
        }

        Norm norm(String module) {
            return new Norm(values(module + ".weight"), values(module + ".bias"));
        }
    }
}
