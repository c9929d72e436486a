package dev.retort.elicit.optimize;

import dev.retort.core.BadInputException;
import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.PredictionTuple;
import dev.retort.elicit.claims.Uncertainty;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Claims and tuples flattened into index arrays — the sparse tuple × label structure the loss works on.
 * N claims, K tuples, M (tuple, context claim) entries in total.
 */
public final class LabelProblem {
    /** Probability floor of the model's predictive distribution: keeps every log-likelihood ≥ log(1e-3). */
    static final double LIKELIHOOD_FLOOR = 1e-3;

    final ClaimSet claims;
    final int n;
    final int k;
    /** [N] mean log-odds (log P(true) − log P(false)) of the tuples that target each claim; 0 if none. */
    final double[] meanLogOdds;
    /** [N] number of tuples targeting each claim. */
    final int[] tupleCount;
    /** [K] target claim of each tuple. */
    final long[] target;
    /** [K] the model's log-odds for its target. */
    final double[] logOdds;
    /** [M] tuple and claim of each context entry, and the label shown (1/0). */
    final long[] ctxTuple;
    final long[] ctxClaim;
    final double[] ctxShown;
    /** Constraint pairs inside consistency groups: same key (equal), different keys (not both true / not both false). */
    final long[][] equal;
    final long[][] notBothTrue;
    final long[][] notBothFalse;
    /** Ranking pairs {higher, lower} by mean log-odds, inside groups, where the gap is ≥ {@link #rankGap}. */
    final long[][] ranked;
    final double rankGap;
    /** Each claim's epistemic and aleatoric uncertainty, measured from the tuples (for evidence weights). */
    final Uncertainty uncertainty;

    private LabelProblem(ClaimSet claims, List<PredictionTuple> tuples, double rankGap) {
        this.claims = claims;
        this.n = claims.size();
        this.k = tuples.size();
        this.rankGap = rankGap;
        Map<String, Integer> index = claims.index();
        target = new long[k];
        logOdds = new double[k];
        meanLogOdds = new double[n];
        tupleCount = new int[n];
        // A context entry without a recorded label (the notebook's tuples) says nothing about agreement: it is
        // checked against the claims but left out of the weights, as if the model had not seen it.
        int m = (int) tuples.stream().flatMap(t -> t.context().stream()).filter(PredictionTuple.Shown::labelKnown).count();
        ctxTuple = new long[m];
        ctxClaim = new long[m];
        ctxShown = new double[m];
        int e = 0;
        for (int t = 0; t < k; t++) {
            PredictionTuple tu = tuples.get(t);
            int i = position(index, tu.targetUid(), t, "target_uid");
            target[t] = i;
            logOdds[t] = tu.logOdds();
            meanLogOdds[i] += logOdds[t];
            tupleCount[i]++;
            for (PredictionTuple.Shown s : tu.context()) {
                int c = position(index, s.uid(), t, "context.uid");
                if (!s.labelKnown()) continue;
                ctxTuple[e] = t;
                ctxClaim[e] = c;
                ctxShown[e] = s.labelShown() ? 1 : 0;
                e++;
            }
        }
        for (int i = 0; i < n; i++) if (tupleCount[i] > 0) meanLogOdds[i] /= tupleCount[i];

        PairList eq = new PairList(), nbt = new PairList(), nbf = new PairList(), rank = new PairList();
        for (int[] g : claims.groups()) {
            for (int a = 0; a < g.length; a++) {
                for (int b = a + 1; b < g.length; b++) {
                    int i = g[a], j = g[b];
                    double gap = meanLogOdds[i] - meanLogOdds[j];
                    if (tupleCount[i] > 0 && tupleCount[j] > 0 && Math.abs(gap) >= rankGap) {
                        if (gap > 0) rank.add(i, j);
                        else rank.add(j, i);
                    }
                    String ki = claims.get(i).consistencyKey(), kj = claims.get(j).consistencyKey();
                    if (ki == null || kj == null) continue;
                    if (ki.equals(kj)) eq.add(i, j);
                    else {
                        nbt.add(i, j);
                        if (claims.exactlyOne()) nbf.add(i, j);
                    }
                }
            }
        }
        equal = eq.toArrays();
        notBothTrue = nbt.toArrays();
        notBothFalse = nbf.toArrays();
        ranked = rank.toArrays();
        uncertainty = Uncertainty.measure(claims, tuples);
    }

    /**
     * @param rankGap smallest difference of mean log-odds for which two claims of a group are ranked
     * @throws BadInputException when a tuple names a claim that is not in the claim set
     */
    public static LabelProblem of(ClaimSet claims, List<PredictionTuple> tuples, double rankGap) {
        return new LabelProblem(claims, tuples, rankGap);
    }

    public ClaimSet claims() {
        return claims;
    }

    public int claimCount() {
        return n;
    }

    public int tupleCount() {
        return k;
    }

    /** Claims that have at least one tuple. */
    public long coveredClaims() {
        return IntStream.range(0, n).filter(i -> tupleCount[i] > 0).count();
    }

    /** Each claim's measured epistemic and aleatoric uncertainty. */
    public Uncertainty uncertainty() {
        return uncertainty;
    }

    /** Logical constraints the problem holds (pairs). */
    public int constraintCount() {
        return equal[0].length + notBothTrue[0].length + notBothFalse[0].length;
    }

    /** The prior's logit for each claim: mean log-odds divided by the temperature. */
    double[] priorLogits(double temperature) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = meanLogOdds[i] / temperature;
        return z;
    }

    /** log P_model(y | tuple) for y = true and y = false, floored: log(ε + (1 − 2ε)·σ(±d)). */
    double[][] floorLogLikelihoods() {
        double[][] out = new double[2][k];
        for (int t = 0; t < k; t++) {
            out[0][t] = flooredLogSigmoid(logOdds[t]);
            out[1][t] = flooredLogSigmoid(-logOdds[t]);
        }
        return out;
    }

    static double flooredLogSigmoid(double x) {
        double logSig = x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
        double a = Math.log(LIKELIHOOD_FLOOR), b = Math.log1p(-2 * LIKELIHOOD_FLOOR) + logSig;
        double hi = Math.max(a, b);
        return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
    }

    private int position(Map<String, Integer> index, String uid, int tuple, String field) {
        Integer i = index.get(uid);
        if (i == null) throw new BadInputException("tuple " + (tuple + 1) + ": " + field + " '" + uid
                + "' is not in the claims file; pass the claims the tuples were collected for");
        return i;
    }

    private static final class PairList {
        private long[] a = new long[16], b = new long[16];
        private int size;

        void add(int i, int j) {
            if (size == a.length) {
                a = java.util.Arrays.copyOf(a, size * 2);
                b = java.util.Arrays.copyOf(b, size * 2);
            }
            a[size] = i;
            b[size++] = j;
        }

        long[][] toArrays() {
            return new long[][]{java.util.Arrays.copyOf(a, size), java.util.Arrays.copyOf(b, size)};
        }
    }
}
