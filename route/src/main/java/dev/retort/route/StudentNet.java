package dev.retort.route;

import dev.retort.core.train.DecayPolicy;
import org.bytedeco.pytorch.LayerNormImpl;
import org.bytedeco.pytorch.LayerNormOptions;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TransformerEncoderLayerImpl;
import org.bytedeco.pytorch.TransformerEncoderLayerOptions;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;

/**
 * The distilled router: a small transformer encoder over 1 + t tokens — the query and the mean answer of
 * each of its t nearest clusters (by cosine to the clusters' question centroids), each tagged with its slot
 * and its routing weight — so attention decides how much of each candidate cluster to mix in. The output
 * is read at the query token and added to the query (residual), in the embedding space.
 */
final class StudentNet extends Module {
    final int heads;
    final int layers;
    final int width;
    final int topK;
    final double tau;
    private final LinearImpl inProj;                 // d → m
    private final Tensor slots;                      // [1 + t, m] learned slot embeddings
    private final Tensor weightDirection;            // [m] times each token's routing weight
    private final List<TransformerEncoderLayerImpl> blocks = new ArrayList<>();
    private final LayerNormImpl outNorm;
    private final LinearImpl outProj;                // m → d
    private final Tensor centroids;                  // buffer [K, d] unit question centroids
    private final Tensor answerMeans;                // buffer [K, d]

    /** Weight decay on the weight matrices; none on biases, LayerNorm weights and the learned slot embeddings. */
    static final DecayPolicy.MatricesOnly DECAY = DecayPolicy.matricesOnly(name -> name.equals("slots"));

    StudentNet(int dimension, int width, int heads, int layers, int topK, double dropout, double tau, Tensor centroids, Tensor answerMeans) {
        this.heads = heads;
        this.layers = layers;
        this.width = width;
        this.topK = topK;
        this.tau = tau;
        inProj = register_module("in_proj", new LinearImpl(dimension, width));
        slots = parameter("slots", torch.randn(1 + topK, width).mul(Rows.scalar(0.02)));
        weightDirection = parameter("weight_direction", torch.randn(width).mul(Rows.scalar(0.02)));
        for (int l = 0; l < layers; l++) {
            TransformerEncoderLayerOptions o = new TransformerEncoderLayerOptions(width, heads);
            o.dim_feedforward().put(2L * width);
            o.dropout().put(dropout);
            blocks.add(register_module("block" + l, new TransformerEncoderLayerImpl(o)));
        }
        outNorm = register_module("out_norm", new LayerNormImpl(new LayerNormOptions(new LongVector().push_back(width))));
        outProj = register_module("out_proj", new LinearImpl(width, dimension));
        try (var noGrad = new org.bytedeco.pytorch.NoGradGuard()) {
            outProj.weight().mul_(Rows.scalar(0.1));                 // start close to the identity map q → q
            outProj.bias().zero_();
        }
        this.centroids = buffer("centroids", centroids.clone());
        this.answerMeans = buffer("answer_means", answerMeans.clone());
    }

    /** q [b, d] unit → [b, d] (not normalised). */
    Tensor forward(Tensor q) {
        long b = q.size(0), d = q.size(1);
        int t = (int) Math.min(topK, centroids.size(0));
        T_TensorTensor_T top = q.mm(centroids.t()).topk(t, 1, true, true);
        Tensor w = torch.softmax(top.get0().div(Rows.scalar(tau)), 1);                       // [b, t]
        Tensor candidates = answerMeans.index_select(0, top.get1().reshape(-1)).reshape(b, t, d);   // [b, t, d]
        Tensor tokens = torch.cat(new org.bytedeco.pytorch.TensorVector(q.unsqueeze(1), candidates), 1);  // [b, 1+t, d]
        Tensor weights = torch.cat(new org.bytedeco.pytorch.TensorVector(torch.ones(b, 1), w), 1);       // [b, 1+t]
        Tensor h = inProj.forward(tokens)
                .add(slots.narrow(0, 0, 1 + t).unsqueeze(0))
                .add(weights.unsqueeze(2).mul(weightDirection));                          // [b, 1+t, m]
        h = h.transpose(0, 1);                                                            // [1+t, b, m] (seq first)
        for (TransformerEncoderLayerImpl block : blocks) h = block.forward(h);
        Tensor read = outNorm.forward(h.select(0, 0));                                    // [b, m]
        return q.add(outProj.forward(read));
    }

    int parametersDimension() {
        return (int) centroids.size(1);
    }

    int clusters() {
        return (int) centroids.size(0);
    }

    /** Stored routing tables (centroids and answer means), not trained. */
    long tableSize() {
        return centroids.numel() + answerMeans.numel();
    }

    private Tensor parameter(String name, Tensor t) {
        register_parameter(name, t);       // keep our handle: the returned reference dangles after later registrations
        return t;
    }

    private Tensor buffer(String name, Tensor t) {
        register_buffer(name, t);
        return t;
    }
}
