package dev.retort.route;

import org.bytedeco.pytorch.T_TensorTensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Orthogonal Procrustes for one cluster: the rotation R minimising ‖(Q − μ_q)·s·R − (A − μ_a)‖ over its
 * question rows Q and answer rows A.
 *
 * <ul>
 *   <li>{@link Span#CLUSTER} (default): R is solved inside the subspace the cluster's centred questions and
 *       answers span (rank r ≤ 2n) and W = I + U(R − I)Uᵀ acts as the identity everywhere else.</li>
 *   <li>{@link Span#FULL}: the original pipeline's W = XYᵀ from the d×d SVD of QᵀA. With n ≪ d most singular
 *       values are zero and LAPACK completes X and Y arbitrarily, so W scrambles the directions the cluster
 *       never saw — the reason the original collapses on held-out questions.</li>
 * </ul>
 * Kabsch's sign fix (flip the last singular direction when det(XYᵀ) = −1) keeps W a proper rotation; the
 * optional uniform scale is Umeyama's s = tr(SD)/‖Q − μ_q‖²; translation maps μ_q to μ_a at query time.
 */
final class Procrustes {
    enum Span { CLUSTER, FULL }

    record Options(Span span, boolean translate, boolean scale, boolean properRotation) {
        /** What the original pipeline did: full-space SVD, no centring, no scale, no sign fix. */
        static Options original() {
            return new Options(Span.FULL, false, false, false);
        }

        static Options fixed() {
            return new Options(Span.CLUSTER, true, false, true);
        }
    }

    private static final double RANK_TOLERANCE = 1e-6;

    private Procrustes() {
    }

    /** q, a: [n, d] float32 rows of one cluster (n ≥ 1). */
    static ClusterMap fit(Tensor q, Tensor a, Options options) {
        Tensor q64 = q.to(torch.ScalarType.Double), a64 = a.to(torch.ScalarType.Double);
        long d = q.size(1);
        Tensor muQ = options.translate() ? q64.mean(new long[]{0}, false, new org.bytedeco.pytorch.ScalarTypeOptional()) : torch.zeros(new long[]{d}, opts64());
        Tensor muA = options.translate() ? a64.mean(new long[]{0}, false, new org.bytedeco.pytorch.ScalarTypeOptional()) : torch.zeros(new long[]{d}, opts64());
        Tensor qc = q64.sub(muQ), ac = a64.sub(muA);                       // [n, d]
        Tensor basis = switch (options.span()) {                            // U [d, r]
            case FULL -> torch.eye(d, opts64());
            case CLUSTER -> spanBasis(qc, ac);
        };
        Tensor qs = qc.mm(basis), as = ac.mm(basis);                        // [n, r]
        Tensor rotation, singular;
        if (basis.size(1) == 0) {
            rotation = torch.zeros(new long[]{0, 0}, opts64());
            singular = torch.zeros(new long[]{0}, opts64());
        } else {
            T_TensorTensorTensor_T svd = torch.linalg_svd(qs.t().mm(as), false, new org.bytedeco.pytorch.StringViewOptional());
            Tensor x = svd.get0(), s = svd.get1(), yt = svd.get2();        // M = X·diag(s)·Yᵀ
            if (options.properRotation() && torch.linalg_det(x.mm(yt)).item_double() < 0) {
                Tensor sign = torch.ones(new long[]{s.size(0)}, opts64());
                sign.narrow(0, s.size(0) - 1, 1).fill_(Rows.scalar(-1));
                x = x.mul(sign.unsqueeze(0));
                s = s.mul(sign);
            }
            rotation = x.mm(yt);                                            // [r, r]
            singular = s;
        }
        double scale = 1;
        if (options.scale()) {
            double denom = qs.square().sum().item_double();
            scale = denom > 0 ? singular.sum().item_double() / denom : 1;
        }
        Tensor delta = rotation.sub(torch.eye(rotation.size(0), opts64()));
        if (basis.size(1) == 0) {                                           // keep shapes non-empty: a zero column acts as nothing
            basis = torch.zeros(new long[]{d, 1}, opts64());
            delta = torch.zeros(new long[]{1, 1}, opts64());
        }
        return new ClusterMap(f32(muQ), f32(muA), scale, f32(basis), f32(delta));
    }

    /** Orthonormal basis [d, r] of the row space of the stacked centred questions and answers. */
    static Tensor spanBasis(Tensor qc, Tensor ac) {
        TensorVector both = new TensorVector(qc, ac);
        Tensor stacked = torch.cat(both, 0);                                // [2n, d]
        T_TensorTensorTensor_T svd = torch.linalg_svd(stacked, false, new org.bytedeco.pytorch.StringViewOptional());
        Tensor s = svd.get1(), vt = svd.get2();                             // vt [min(2n,d), d]
        double max = s.numel() == 0 ? 0 : s.max().item_double();
        long r = max <= 0 ? 0 : s.gt(Rows.scalar(max * RANK_TOLERANCE)).sum().item_long();
        return vt.narrow(0, 0, r).t().contiguous();
    }

    private static org.bytedeco.pytorch.TensorOptions opts64() {
        return new org.bytedeco.pytorch.TensorOptions(torch.ScalarType.Double);
    }

    private static Tensor f32(Tensor t) {
        return t.to(torch.ScalarType.Float).contiguous();
    }
}
