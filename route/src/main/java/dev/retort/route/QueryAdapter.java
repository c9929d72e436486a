package dev.retort.route;

import dev.retort.core.train.DecayPolicy;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A learned residual query adapter: q' = q + Σₑ gₑ(q)·(q·Aₑ + bₑ). With one expert it is a linear map
 * (g = 1); with E &gt; 1 the gate g = softmax(q·Gᵀ/τ) is the centroid router over E learned gate vectors
 * started at k-means centroids of the training questions. Every Aₑ, bₑ starts at zero, so an untrained
 * adapter is the raw embedding.
 */
final class QueryAdapter extends Module {
    private final Tensor experts;   // A [E, d, d]
    private final Tensor bias;      // b [E, d]
    private final Tensor gates;     // G [E, d]
    private final double tau;

    /** Weight decay pulls the expert maps A toward 0 (the identity adapter); the biases and gate directions are exempt. */
    static final DecayPolicy.MatricesOnly DECAY = DecayPolicy.matricesOnly(name -> name.equals("bias") || name.equals("gates"));

    QueryAdapter(int dimension, int expertCount, Tensor gateInit, double tau) {
        this.experts = parameter("experts", torch.zeros(expertCount, dimension, dimension));
        this.bias = parameter("bias", torch.zeros(expertCount, dimension));
        this.gates = parameter("gates", gateInit.clone());
        this.tau = tau;
    }

    /**
     * Registers t and keeps our own handle to the same tensor: the reference register_parameter returns points
     * into the module's parameter table and dangles once a later registration grows that table.
     */
    private Tensor parameter(String name, Tensor t) {
        register_parameter(name, t);
        return t;
    }

    int expertCount() {
        return (int) experts.size(0);
    }

    /** q [b, d] → [b, d] (not normalised). */
    Tensor forward(Tensor q) {
        if (expertCount() == 1) return q.add(q.mm(experts.select(0, 0))).add(bias.select(0, 0).unsqueeze(0));
        Tensor g = torch.softmax(q.mm(gates.t()).div(Rows.scalar(tau)), 1);              // [b, E]
        Tensor perExpert = torch.matmul(q.unsqueeze(0), experts).add(bias.unsqueeze(1)); // [E, b, d]
        Tensor mixed = perExpert.mul(g.t().unsqueeze(2)).sum(0);                         // [b, d]
        return q.add(mixed);
    }
}
