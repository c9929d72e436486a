package dev.retort.elicit.optimize;

import dev.retort.core.Engine;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The coherence objective over soft labels q = σ(Z·tanh(z/Z)) (Z = 10 keeps every log q ≥ −10, so each term
 * is bounded), as one libtorch graph in float64 with no per-tuple Java loops:
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
 */
final class CoherenceLoss implements AutoCloseable {
    static final double SQUASH = 10.0;
    static final double RANK_MARGIN = 0.5;

    private final LabelProblem problem;
    private final List<Tensor> owned = new ArrayList<>();
    private final Tensor priorP, priorNotP, priorNegEntropy;   // [N]
    private final Tensor target, llFalse, llGain;               // [K] log P_model(false), log P(true) − log P(false)
    private final Tensor ctxTuple, ctxClaim, ctxShown;          // [M]
    private final Tensor noTuples;                              // [N] 1 where a claim has no tuple
    private final Tensor zerosN, zerosK;
    private final Tensor eqI, eqJ, nbtI, nbtJ, nbfI, nbfJ, rankHi, rankLo;
    private final double covered;
    private final int constraints;

    CoherenceLoss(LabelProblem problem, double temperature) {
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
        zerosN = keep(Tensor.create(new double[n], n));
        zerosK = keep(Tensor.create(new double[k], k));
        target = keep(Tensor.create(problem.target, k));
        llFalse = keep(Tensor.create(ll[1], k));
        llGain = keep(Tensor.create(diff, k));
        int m = problem.ctxClaim.length;
        ctxTuple = keep(Tensor.create(problem.ctxTuple, m));
        ctxClaim = keep(Tensor.create(problem.ctxClaim, m));
        ctxShown = keep(Tensor.create(problem.ctxShown, m));
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
     * The weighted total as a scalar tensor with a graph back to {@code z}; {@code termsOut[t]} receives each
     * term's unweighted value (NaN for a term that is switched off and was not computed).
     */
    Tensor total(Tensor z, LossWeights weights, double[] termsOut) {
        Tensor zc = z.div(new Scalar(SQUASH)).tanh().mul(new Scalar(SQUASH));  // [N]
        Tensor logQ = torch.log_sigmoid(zc);                                    // [N] log q
        Tensor logNotQ = torch.log_sigmoid(zc.neg());                           // [N] log(1 − q)
        Tensor q = logQ.exp();
        Tensor notQ = logNotQ.exp();
        Tensor sum = null;
        for (LossWeights.Term term : LossWeights.Term.values()) {
            double w = weights.get(term);
            if (w == 0) {
                termsOut[term.ordinal()] = Double.NaN;
                continue;
            }
            Tensor value = switch (term) {
                case PRIOR -> prior(logQ, logNotQ);
                case MUTUAL -> mutual(logQ, logNotQ, q);
                case RANKING -> ranking(q);
                case CONSISTENCY -> consistency(q, notQ);
                case ENTROPY -> q.mul(logQ).add(notQ.mul(logNotQ)).mean().div(new Scalar(-Math.log(2)));
            };
            termsOut[term.ordinal()] = value.item_double();
            Tensor weighted = value.mul(new Scalar(w));
            sum = sum == null ? weighted : sum.add(weighted);
        }
        return sum == null ? z.sum().mul(new Scalar(0.0)) : sum;
    }

    /** Loss value, gradient and term values at {@code z} (tests, timing). */
    Result evaluate(double[] z, LossWeights weights) {
        try (var scope = Engine.step()) {
            Tensor zt = Tensor.create(z, z.length).set_requires_grad(true);
            double[] terms = new double[LossWeights.Term.values().length];
            Tensor loss = total(zt, weights, terms);
            loss.backward();
            double[] grad = new double[z.length];
            ((DoubleBuffer) zt.grad().contiguous().createBuffer()).get(grad);
            return new Result(loss.item_double(), grad, terms);
        }
    }

    record Result(double loss, double[] gradient, double[] terms) {
    }

    private Tensor prior(Tensor logQ, Tensor logNotQ) {
        // KL(p ‖ q) = p log p + (1−p) log(1−p) − p log q − (1−p) log(1−q)
        return priorNegEntropy.sub(priorP.mul(logQ)).sub(priorNotP.mul(logNotQ)).mean();
    }

    private Tensor mutual(Tensor logQ, Tensor logNotQ, Tensor q) {
        if (covered == 0) return logQ.sum().mul(new Scalar(0.0));
        Tensor lqC = logQ.index_select(0, ctxClaim);                       // [M]
        Tensor l1qC = logNotQ.index_select(0, ctxClaim);                   // [M]
        Tensor agree = l1qC.add(ctxShown.mul(lqC.sub(l1qC)));              // [M] log P(shown label | q)
        Tensor logW = zerosK.index_add(0, ctxTuple, agree);                // [K] log w_k (0 for empty contexts)
        Tensor shift = torch.scatter_reduce(zerosN, 0, target, logW.detach(), "amax", false); // [N] max log w per claim
        Tensor w = logW.sub(shift.index_select(0, target)).exp();          // [K] in (0, 1], max 1 per claim
        Tensor ll = llFalse.add(q.index_select(0, target).mul(llGain));   // [K] E_{y∼q} log P_model(y)
        Tensor num = zerosN.index_add(0, target, w.mul(ll));               // [N]
        Tensor den = zerosN.index_add(0, target, w).add(noTuples);         // [N] ≥ 1 where covered, 1 where not
        return num.div(den).sum().div(new Scalar(-covered));
    }

    private Tensor ranking(Tensor q) {
        if (problem.ranked[0].length == 0) return q.sum().mul(new Scalar(0.0));
        Tensor gap = q.index_select(0, rankHi).sub(q.index_select(0, rankLo)); // [R]
        return gap.neg().add(new Scalar(RANK_MARGIN)).relu().square().mean();
    }

    private Tensor consistency(Tensor q, Tensor notQ) {
        if (constraints == 0) return q.sum().mul(new Scalar(0.0));
        Tensor s = q.index_select(0, eqI).sub(q.index_select(0, eqJ)).square().sum()
                .add(q.index_select(0, nbtI).mul(q.index_select(0, nbtJ)).sum())
                .add(notQ.index_select(0, nbfI).mul(notQ.index_select(0, nbfJ)).sum());
        return s.div(new Scalar((double) constraints));
    }

    private Tensor index(long[] values) {
        return keep(Tensor.create(values, values.length));
    }

    private Tensor keep(Tensor t) {
        owned.add(t);
        return t;
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
