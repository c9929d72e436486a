package dev.retort.route;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Per-query uncertainty of a softmax router w = softmax(z), z = q·Cᵀ/τ over K cluster centroids C [K, d]: the
 * normalised entropy of w, and the Fisher information of the routing log-likelihood — the squared norm of its gradient
 * with respect to the router's parameters C. For cluster y, ∇_C log w_y = (e_y − w)·qᵀ/τ, so
 * ‖∇_C log w_y‖² = ‖e_y − w‖²·‖q‖²/τ² exactly (a test checks it against autograd).
 */
final class RoutingInformation {
    private RoutingInformation() {
    }

    /** H(w)/log K per row, from the weights w [n, K] and their logarithms (log-softmax, or the log of clamped weights). */
    static Tensor normalisedEntropy(Tensor w, Tensor logW) {
        return w.mul(logW).sum(1).neg().div(Rows.scalar(Math.log(Math.max(w.size(1), 2))));
    }

    /** H(w)/log K per row of weights w [n, K] that may hold zeros (clamped at 1e-12 before the log). */
    static Tensor normalisedEntropy(Tensor w) {
        Tensor p = w.clamp_min(Rows.scalar(1e-12));
        return normalisedEntropy(p, p.log());
    }

    /** Empirical Fisher ‖∇_C log w_y(q)‖² per row, for the observed clusters y [n] (long) of queries q [n, d]. */
    static Tensor fisher(Tensor w, Tensor y, Tensor q, double tau) {
        Tensor residual = torch.zeros(w.size(0), w.size(1)).scatter(1, y.unsqueeze(1), Rows.scalar(1.0)).sub(w);   // e_y − w
        return residual.square().sum(1).mul(q.square().sum(1)).div(Rows.scalar(tau * tau));
    }

    /**
     * Fisher information E_{y∼w} ‖∇_C log w_y(q)‖² = (1 − Σₖ wₖ²)·‖q‖²/τ² per row: the expected squared gradient under the
     * router's own distribution, for queries without a cluster label (0 when the router is certain).
     */
    static Tensor expectedFisher(Tensor w, Tensor q, double tau) {
        return w.square().sum(1).neg().add(Rows.scalar(1)).mul(q.square().sum(1)).div(Rows.scalar(tau * tau));
    }
}
