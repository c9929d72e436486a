package dev.retort.route;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * One cluster's question→answer map: f(x) = μ_a + s·((x − μ_q) + ((x − μ_q)·U)·B·Uᵀ), i.e. the rotation
 * W = I + U·B·Uᵀ with B = R − I inside the span U [d, r] and the identity outside it.
 *
 * @param muQ   [d] question mean (zeros without translation)
 * @param muA   [d] answer mean
 * @param scale uniform scale s (1 without scaling)
 * @param basis U [d, r], orthonormal columns (the identity for the full-space map)
 * @param delta B [r, r] = R − I
 */
record ClusterMap(Tensor muQ, Tensor muA, double scale, Tensor basis, Tensor delta) {

    /** x [b, d] → [b, d]. */
    Tensor apply(Tensor x) {
        Tensor c = x.sub(muQ);                                              // [b, d]
        Tensor inside = c.mm(basis).mm(delta).mm(basis.t());                // [b, d]
        return c.add(inside).mul(Rows.scalar(scale)).add(muA);
    }

    /** The dense d×d map W = I + U·B·Uᵀ (tests, compression accounting). */
    Tensor dense() {
        long d = basis.size(0);
        return torch.eye(d).add(basis.mm(delta).mm(basis.t()));
    }

    /** Stored scalars: U, B, both means and the scale. */
    long parameterCount() {
        return basis.numel() + delta.numel() + muQ.numel() + muA.numel() + 1;
    }
}
