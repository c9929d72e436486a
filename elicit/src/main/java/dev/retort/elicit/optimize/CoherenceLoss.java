package dev.retort.elicit.optimize;

import dev.retort.core.Engine;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The coherence objective over soft labels q = σ(Z·tanh(z/Z)) (Z = 10 keeps every log q ≥ −10, so each term
 * is bounded), with its gradient, in libtorch tensor ops over float64 and no per-tuple Java loops:
 * Evidence weights ω ({@link OptimizeOptions.Evidence}; all 1 unless asked for) turn the prior's and mutual
 * predictability's means over claims into ω-weighted means (ω renormalized to average 1 over the claims each covers).
 * <ul>
 *   <li>prior: mean KL(p ‖ q) to the prior p = σ(mean log-odds / T), in [0, 10.7];</li>
 *   <li>mutual predictability: for tuple k with target t, w_k = Π_j P(context label j as shown | q) and
 *       ℓ_k = E_{y∼q_t} log P_model(y) (floored at log 1e-3); per claim −Σ w·ℓ / Σ w, averaged over claims,
 *       in [0, 6.9]. Normalizing by Σ w removes the escape of the plain −mean(w·ℓ), which falls to 0 when
 *       labels contradict every shown context (w → 0): scaling all w of a claim leaves this form unchanged;</li>
 *   <li>ranking: mean squared hinge (margin − (q_hi − q_lo))₊² over pairs of a group ordered by mean log-odds;</li>
 *   <li>consistency: mean over declared pairs of (q_i − q_j)² (same key), q_i·q_j (different keys),
 *       (1 − q_i)(1 − q_j) (different keys, exactly-one data sets), in [0, 1];</li>
 *   <li>entropy: mean binary entropy of q in bits, in [0, 1] (a weight > 0 asks for confident labels).</li>
 * </ul>
 * The mutual term reads the M (tuple, context label) entries once forward and once backward, through the
 * index {@code ctxLabel} into [log q, log(1 − q)]; the gradient is derived by hand (checked against finite
 * differences in the tests) because libtorch's autograd graph for the same terms costs ≈ 2–3× the time.
 */
final class CoherenceLoss implements AutoCloseable {
    static final double SQUASH = 10.0;
    static final double RANK_MARGIN = 0.5;

    private final LabelProblem problem;
    private final List<Tensor> owned = new ArrayList<>();
    private final Tensor priorP, priorNotP, priorNegEntropy;   // [N]
    private final Tensor target, llFalse, llGain;               // [K] log P_model(false), log P(true) − log P(false)
    private final Tensor ctxTuple, ctxLabel;                    // [M] tuple; claim i shown true → i, shown false → N + i
    private final Tensor noTuples;                              // [N] 1 where a claim has no tuple
    private final Tensor priorOmega, mutualOmega;               // [N] evidence weights, mean 1 over all / covered claims
    private final Tensor zerosN, zerosK, zeros2N;
    private final Tensor eqI, eqJ, nbtI, nbtJ, nbfI, nbfJ, rankHi, rankLo;
    private final double covered;
    private final int constraints;

    /** The loss without evidence weights (every ω = 1). */
    CoherenceLoss(LabelProblem problem, double temperature) {
        this(problem, temperature, OptimizeOptions.Evidence.OFF);
    }

    CoherenceLoss(LabelProblem problem, double temperature, OptimizeOptions.Evidence evidence) {
        this.problem = problem;
        int n = problem.n, k = problem.k;
        double[] p = new double[n], notP = new double[n], negEnt = new double[n], none = new double[n];
        double[] logits = problem.priorLogits(temperature);
        for (int i = 0; i < n; i++) {
            p[i] = 1 / (1 + Math.exp(-logits[i]));
            notP[i] = 1 / (1 + Math.exp(logits[i]));
            negEnt[i] = xlogx(p[i]) + xlogx(notP[i]);
            none[i] = problem.tupleCount[i] == 0 ? 1 : 0;
        }
        double[][] ll = problem.floorLogLikelihoods();
        double[] diff = new double[k];
        for (int t = 0; t < k; t++) diff[t] = ll[0][t] - ll[1][t];
        priorP = keep(Tensor.create(p, n));
        priorNotP = keep(Tensor.create(notP, n));
        priorNegEntropy = keep(Tensor.create(negEnt, n));
        noTuples = keep(Tensor.create(none, n));
        double[] omega = evidence.omega(problem.uncertainty);
        priorOmega = keep(Tensor.create(normalized(omega, i -> true), n));
        mutualOmega = keep(Tensor.create(normalized(omega, i -> problem.tupleCount[i] > 0), n));
        zerosN = keep(Tensor.create(new double[n], n));
        zerosK = keep(Tensor.create(new double[k], k));
        zeros2N = keep(Tensor.create(new double[2 * n], 2 * n));
        target = keep(Tensor.create(problem.target, k));
        llFalse = keep(Tensor.create(ll[1], k));
        llGain = keep(Tensor.create(diff, k));
        int m = problem.ctxClaim.length;
        ctxTuple = keep(Tensor.create(problem.ctxTuple, m));
        long[] label = new long[m];
        for (int e = 0; e < m; e++) label[e] = problem.ctxClaim[e] + (problem.ctxShown[e] == 1 ? 0 : n);
        ctxLabel = keep(Tensor.create(label, m));
        eqI = index(problem.equal[0]);
        eqJ = index(problem.equal[1]);
        nbtI = index(problem.notBothTrue[0]);
        nbtJ = index(problem.notBothTrue[1]);
        nbfI = index(problem.notBothFalse[0]);
        nbfJ = index(problem.notBothFalse[1]);
        rankHi = index(problem.ranked[0]);
        rankLo = index(problem.ranked[1]);
        covered = problem.coveredClaims();
        constraints = problem.constraintCount();
    }

    /**
     * The weighted total at {@code z} [N]. Writes d total / dz into {@code gradientOut} [N] and each term's
     * unweighted value into {@code termsOut[t]} (NaN for a term that is switched off and was not computed).
     * The gradient is written out by hand in tensor ops, with no autograd graph: each term adds its derivative
     * with respect to zc = Z·tanh(z/Z) or to q, using d log q/dzc = 1 − q, d log(1 − q)/dzc = −q and
     * dq/dzc = q(1 − q); the chain ends with dzc/dz = 1 − tanh²(z/Z). Call it inside an {@link Engine#step()}.
     */
    double evaluate(Tensor z, LossWeights weights, double[] termsOut, Tensor gradientOut) {
        Tensor tanh = z.div(new Scalar(SQUASH)).tanh();                         // [N]
        Tensor zc = tanh.mul(new Scalar(SQUASH));                               // [N]
        Tensor logQ = torch.log_sigmoid(zc);                                    // [N] log q
        Tensor logNotQ = torch.log_sigmoid(zc.neg());                           // [N] log(1 − q)
        Soft soft = new Soft(zc, logQ, logNotQ, logQ.exp(), logNotQ.exp());
        Gradient grad = new Gradient(torch.zeros_like(z), torch.zeros_like(z));
        double total = 0;
        for (LossWeights.Term term : LossWeights.Term.values()) {
            double w = weights.get(term);
            if (w == 0) {
                termsOut[term.ordinal()] = Double.NaN;
                continue;
            }
            Tensor value = switch (term) {
                case PRIOR -> prior(soft, w, grad);
                case MUTUAL -> mutual(soft, w, grad);
                case RANKING -> ranking(soft, w, grad);
                case CONSISTENCY -> consistency(soft, w, grad);
                case ENTROPY -> entropy(soft, w, grad);
            };
            termsOut[term.ordinal()] = value.item_double();
            total += w * termsOut[term.ordinal()];
        }
        Tensor dZc = grad.dZc.add_(grad.dQ.mul_(soft.q).mul_(soft.notQ));      // [N] d total / dzc
        gradientOut.copy_(dZc.mul_(tanh.square().neg_().add_(new Scalar(1.0))));
        return total;
    }

    /** Loss value, gradient and term values at {@code z} (tests, timing, held-out scores). */
    Result evaluate(double[] z, LossWeights weights) {
        try (var scope = Engine.step()) {
            Tensor zt = Tensor.create(z, z.length);
            Tensor grad = torch.zeros_like(zt);
            double[] terms = new double[LossWeights.Term.values().length];
            double loss = evaluate(zt, weights, terms, grad);
            double[] g = new double[z.length];
            ((DoubleBuffer) grad.createBuffer()).get(g);
            return new Result(loss, g, terms);
        }
    }

    record Result(double loss, double[] gradient, double[] terms) {
    }

    /** The soft labels at z, each [N]. */
    private record Soft(Tensor zc, Tensor logQ, Tensor logNotQ, Tensor q, Tensor notQ) {
    }

    /** Weighted gradient accumulators [N]: with respect to zc directly, and with respect to q. */
    private record Gradient(Tensor dZc, Tensor dQ) {
    }

    private Tensor prior(Soft s, double w, Gradient g) {
        // KL(p ‖ q) = p log p + (1−p) log(1−p) − p log q − (1−p) log(1−q); d/dzc = q − p; each claim's KL times ω_i
        g.dZc.add_(s.q.sub(priorP).mul_(priorOmega), new Scalar(w / problem.n));
        return priorNegEntropy.sub(priorP.mul(s.logQ)).sub(priorNotP.mul(s.logNotQ)).mul_(priorOmega).mean();
    }

    private Tensor mutual(Soft s, double w, Gradient g) {
        if (covered == 0) return torch.zeros_like(priorP).sum();
        Tensor logLabels = torch.cat(new TensorVector(s.logQ, s.logNotQ));         // [2N] log q, then log(1 − q)
        Tensor logW = zerosK.index_add(0, ctxTuple, logLabels.index_select(0, ctxLabel)); // [K] log w_k (0 for empty contexts)
        Tensor shift = torch.scatter_reduce(zerosN, 0, target, logW, "amax", false); // [N] max log w per claim
        Tensor tupleW = logW.sub(shift.index_select(0, target)).exp();          // [K] w_k in (0, 1], max 1 per claim
        Tensor ll = llFalse.add(s.q.index_select(0, target).mul(llGain));       // [K] ℓ_k = E_{y∼q} log P_model(y)
        Tensor den = zerosN.index_add(0, target, tupleW).add(noTuples);         // [N] ≥ 1 where covered, 1 where not
        Tensor mean = zerosN.index_add(0, target, tupleW.mul(ll)).div(den);     // [N] r_i = Σ w·ℓ / Σ w
        // value −Σ_i ω_i r_i / C: dr_i/dℓ_k = w_k / den_i, dr_i/d log w_k = w_k (ℓ_k − r_i) / den_i
        Tensor scale = den.reciprocal().mul_(mutualOmega).mul_(new Scalar(-w / covered)); // [N] −w ω_i / (C·den_i)
        g.dQ.add_(zerosN.index_add(0, target, tupleW.mul(llGain)).mul_(scale));
        Tensor dLogW = tupleW.mul(ll.sub(mean.index_select(0, target))).mul_(scale.index_select(0, target)); // [K]
        Tensor dLabels = zeros2N.index_add(0, ctxLabel, dLogW.index_select(0, ctxTuple)); // [2N]
        g.dZc.add_(dLabels.narrow(0, 0, problem.n).mul(s.notQ)).sub_(dLabels.narrow(0, problem.n, problem.n).mul(s.q));
        return mean.mul(mutualOmega).sum().div(new Scalar(-covered));
    }

    private Tensor ranking(Soft s, double w, Gradient g) {
        if (problem.ranked[0].length == 0) return torch.zeros_like(priorP).sum();
        Tensor hinge = s.q.index_select(0, rankLo).sub(s.q.index_select(0, rankHi)).add_(new Scalar(RANK_MARGIN)).relu_(); // [R]
        double c = 2 * w / problem.ranked[0].length;                             // d mean(h²)/dq_hi = −2h/R, /dq_lo = +2h/R
        g.dQ.index_add_(0, rankHi, hinge, new Scalar(-c)).index_add_(0, rankLo, hinge, new Scalar(c));
        return hinge.square().mean();
    }

    private Tensor consistency(Soft s, double w, Gradient g) {
        if (constraints == 0) return torch.zeros_like(priorP).sum();
        double c = w / constraints;
        Tensor diff = s.q.index_select(0, eqI).sub(s.q.index_select(0, eqJ));      // (q_i − q_j)²
        Tensor ti = s.q.index_select(0, nbtI), tj = s.q.index_select(0, nbtJ);      // q_i·q_j
        Tensor fi = s.notQ.index_select(0, nbfI), fj = s.notQ.index_select(0, nbfJ); // (1 − q_i)(1 − q_j)
        g.dQ.index_add_(0, eqI, diff, new Scalar(2 * c)).index_add_(0, eqJ, diff, new Scalar(-2 * c))
                .index_add_(0, nbtI, tj, new Scalar(c)).index_add_(0, nbtJ, ti, new Scalar(c))
                .index_add_(0, nbfI, fj, new Scalar(-c)).index_add_(0, nbfJ, fi, new Scalar(-c));
        return diff.square().sum().add(ti.mul(tj).sum()).add(fi.mul(fj).sum()).div(new Scalar((double) constraints));
    }

    private Tensor entropy(Soft s, double w, Gradient g) {
        // H = −q log q − (1−q) log(1−q) in bits; dH/dzc = −q(1−q)·zc / ln 2
        Tensor qNotQ = s.q.mul(s.notQ);
        g.dZc.add_(qNotQ.mul(s.zc), new Scalar(-w / (problem.n * Math.log(2))));
        return s.q.mul(s.logQ).add(s.notQ.mul(s.logNotQ)).mean().div(new Scalar(-Math.log(2)));
    }

    private Tensor index(long[] values) {
        return keep(Tensor.create(values, values.length));
    }

    private Tensor keep(Tensor t) {
        owned.add(t);
        return t;
    }

    /** ω scaled to mean 1 over the claims {@code in} selects, 0 elsewhere (all 1 when every ω is 1). */
    private static double[] normalized(double[] omega, java.util.function.IntPredicate in) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < omega.length; i++)
            if (in.test(i)) {
                sum += omega[i];
                count++;
            }
        double[] out = new double[omega.length];
        for (int i = 0; i < omega.length; i++) out[i] = in.test(i) && sum > 0 ? omega[i] * count / sum : 0;
        return out;
    }

    private static double xlogx(double x) {
        return x <= 0 ? 0 : x * Math.log(x);
    }

    @Override
    public void close() {
        owned.forEach(Tensor::close);
        owned.clear();
    }
}
