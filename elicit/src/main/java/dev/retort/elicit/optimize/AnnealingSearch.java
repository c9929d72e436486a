package dev.retort.elicit.optimize;

import dev.retort.core.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ICM paper's search (Wen et al. 2025, Algorithm 1) over the tuple store instead of live model calls:
 * hard labels, some still unassigned; energy U = α·P(D) − I(D), where P sums over labelled claims the
 * normalized mutual predictability of their tuples (tuple weights from how the shown context labels agree
 * with the current labels; unassigned context claims are neutral) and I counts violated consistency rules.
 * Each step samples a claim, proposes the label its tuples predict given the others, repairs the group's
 * consistency (the best consistent assignment of the group's labelled claims, the proposal fixed), and
 * accepts by the Metropolis rule at temperature T = max(T_min, T₀ / (1 + β·ln n)).
 */
public final class AnnealingSearch {
    /** Weight of one disagreeing shown context label: the same σ(−10)/σ(10) the soft loss implies. */
    static final double DISAGREE_LOG_WEIGHT = -CoherenceLoss.SQUASH;
    private static final int ENUMERATE_MAX = 12;

    /**
     * @param alpha       weight of mutual predictability against the count of violated rules
     * @param initialTemp T₀
     * @param finalTemp   T_min
     * @param cooling     β of the log schedule
     * @param iterations  proposals
     * @param initialLabelled claims labelled at random before the search (ICM's K)
     */
    public record Options(double alpha, double initialTemp, double finalTemp, double cooling, int iterations, int initialLabelled) {
        public static Options defaults(int claims) {
            return new Options(50, 10, 0.01, 0.99, Math.max(1000, 30 * claims), 8);
        }
    }

    /** @param accepted proposals accepted; energyHistory U after every 1% of the iterations */
    public record Result(OptimizedLabels labels, int accepted, int violations, List<Double> energyHistory) {
    }

    private final LabelProblem p;
    private final double[] llTrue, llFalse;
    private final int[] tupleStart;          // [K+1] context entries of tuple k: tupleStart[k] .. tupleStart[k+1]
    private final int[][] targetTuples;      // claim → tuples that target it
    private final int[][] contextTuples;     // claim → tuples that show it in the context
    private final int[][] constraintsOf;     // claim → constraint ids
    private final int[] cI, cJ, cKind;       // constraint pairs; kind 0 equal, 1 not both true, 2 not both false
    private final int[] y;                   // −1 unassigned, 0, 1
    private final int[] disagree;            // per tuple: shown labels that contradict assigned labels
    private final double[] score;            // per claim: its mutual-predictability term when assigned, else 0
    private double predictability;
    private int violations;

    private AnnealingSearch(LabelProblem p) {
        this.p = p;
        double[][] ll = p.floorLogLikelihoods();
        llTrue = ll[0];
        llFalse = ll[1];
        tupleStart = new int[p.k + 1];
        for (long t : p.ctxTuple) tupleStart[(int) t + 1]++;
        for (int t = 0; t < p.k; t++) tupleStart[t + 1] += tupleStart[t];
        targetTuples = invert(p.n, p.target, null);
        contextTuples = invert(p.n, p.ctxClaim, p.ctxTuple);
        int m = p.equal[0].length + p.notBothTrue[0].length + p.notBothFalse[0].length;
        cI = new int[m];
        cJ = new int[m];
        cKind = new int[m];
        int c = 0;
        long[][][] kinds = {p.equal, p.notBothTrue, p.notBothFalse};
        for (int kind = 0; kind < 3; kind++)
            for (int e = 0; e < kinds[kind][0].length; e++, c++) {
                cI[c] = (int) kinds[kind][0][e];
                cJ[c] = (int) kinds[kind][1][e];
                cKind[c] = kind;
            }
        long[] ends = new long[2 * m], ids = new long[2 * m];
        for (int e = 0; e < m; e++) {
            ends[2 * e] = cI[e];
            ends[2 * e + 1] = cJ[e];
            ids[2 * e] = ids[2 * e + 1] = e;
        }
        constraintsOf = invert(p.n, ends, ids);
        y = new int[p.n];
        Arrays.fill(y, -1);
        disagree = new int[p.k];
        score = new double[p.n];
    }

    public static Result run(LabelProblem problem, Options o, Rng rng) {
        long start = System.nanoTime();
        AnnealingSearch s = new AnnealingSearch(problem);
        int n = problem.n;
        for (int idx : Arrays.copyOf(rng.permutation(n), Math.min(o.initialLabelled(), n))) s.set(idx, rng.nextInt(2));
        List<Double> history = new ArrayList<>();
        int accepted = 0;
        int every = Math.max(1, o.iterations() / 100);
        for (int it = 1; it <= o.iterations(); it++) {
            double temp = Math.max(o.finalTemp(), o.initialTemp() / (1 + o.cooling() * Math.log(it)));
            int i = rng.nextInt(n);
            int[] group = s.groupOf(i);
            int[] before = new int[group.length];
            for (int g = 0; g < group.length; g++) before[g] = s.y[group[g]];
            double u0 = s.energy(o.alpha());
            s.set(i, s.predict(i));
            s.repair(i, group, o.alpha());
            double delta = s.energy(o.alpha()) - u0;
            if (delta >= 0 || rng.nextDouble() < Math.exp(delta / temp)) accepted++;
            else for (int g = 0; g < group.length; g++) s.set(group[g], before[g]);
            if (it % every == 0) history.add(s.energy(o.alpha()));
        }
        for (int i = 0; i < n; i++) {                                         // claims never sampled
            if (s.y[i] >= 0) continue;
            s.set(i, s.predict(i));
            s.repair(i, s.groupOf(i), o.alpha());
        }
        double[] q = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double[] sc = s.scores(i);
            q[i] = 1 / (1 + Math.exp(sc[0] - sc[1]));
            labels[i] = s.y[i];
        }
        double[] terms = new double[LossWeights.Term.values().length];
        Arrays.fill(terms, Double.NaN);
        OptimizedLabels out = new OptimizedLabels(q, labels, -s.energy(o.alpha()), terms, history, o.iterations(), (System.nanoTime() - start) / 1e9,
                OptimizedLabels.Stop.ITERATION_CAP);
        return new Result(out, accepted, s.violations, history);
    }

    double energy(double alpha) {
        return alpha * predictability - violations;
    }

    /** The label claim i's tuples favour given the current labels (ties → true). */
    int predict(int i) {
        double[] sc = scores(i);
        return sc[1] >= sc[0] ? 1 : 0;
    }

    /** {normalized log-likelihood under false, under true} of claim i's tuples; {0, 0} without tuples. */
    double[] scores(int i) {
        int[] ts = targetTuples[i];
        if (ts.length == 0) return new double[]{0, 0};
        int min = Integer.MAX_VALUE;
        for (int t : ts) min = Math.min(min, disagree[t]);
        double a = 0, b = 0, w = 0;
        for (int t : ts) {
            double wt = Math.exp(DISAGREE_LOG_WEIGHT * (disagree[t] - min));
            a += wt * llFalse[t];
            b += wt * llTrue[t];
            w += wt;
        }
        return new double[]{a / w, b / w};
    }

    /** Assigns (or unassigns, label −1) claim i, updating tuple weights, scores and violations incrementally. */
    void set(int i, int label) {
        int old = y[i];
        if (old == label) return;
        for (int c : constraintsOf[i]) violations -= violated(c);
        y[i] = label;
        for (int c : constraintsOf[i]) violations += violated(c);
        rescore(i);
        for (int t : contextTuples[i]) {
            int d = 0;
            for (int e = tupleStart[t]; e < tupleStart[t + 1]; e++) {
                int c = (int) p.ctxClaim[e];
                if (y[c] >= 0 && y[c] != (int) p.ctxShown[e]) d++;
            }
            if (d != disagree[t]) {
                disagree[t] = d;
                rescore((int) p.target[t]);
            }
        }
    }

    private void rescore(int i) {
        predictability -= score[i];
        if (y[i] < 0) score[i] = 0;
        else {
            double[] sc = scores(i);
            score[i] = sc[y[i]] - sc[1 - y[i]];   // log-likelihood ratio of the label over its alternative
        }
        predictability += score[i];
    }

    private int violated(int c) {
        int a = y[cI[c]], b = y[cJ[c]];
        if (a < 0 || b < 0) return 0;
        return switch (cKind[c]) {
            case 0 -> a != b ? 1 : 0;
            case 1 -> a == 1 && b == 1 ? 1 : 0;
            default -> a == 0 && b == 0 ? 1 : 0;
        };
    }

    /** Claim i and the claims it shares a constraint with. */
    private int[] groupOf(int i) {
        int[] cs = constraintsOf[i];
        int[] g = new int[cs.length + 1];
        g[0] = i;
        int size = 1;
        outer:
        for (int c : cs) {
            int other = cI[c] == i ? cJ[c] : cI[c];
            for (int k = 0; k < size; k++) if (g[k] == other) continue outer;
            g[size++] = other;
        }
        return Arrays.copyOf(g, size);
    }

    /**
     * Consistency fix: among the assignments of the labelled members of i's group (i's label fixed), the one
     * with the fewest violated rules, then the highest energy.
     */
    private void repair(int i, int[] group, double alpha) {
        if (violations == 0 || group.length == 1) return;
        int[] free = Arrays.stream(group).filter(c -> c != i && y[c] >= 0).toArray();
        if (free.length == 0 || free.length > ENUMERATE_MAX) return;
        int[] best = new int[free.length];
        double bestU = Double.NEGATIVE_INFINITY;
        int bestViolations = Integer.MAX_VALUE;
        for (int mask = 0; mask < 1 << free.length; mask++) {
            for (int f = 0; f < free.length; f++) set(free[f], (mask >> f) & 1);
            double u = energy(alpha);
            if (violations < bestViolations || violations == bestViolations && u > bestU) {
                bestViolations = violations;
                bestU = u;
                for (int f = 0; f < free.length; f++) best[f] = y[free[f]];
            }
        }
        for (int f = 0; f < free.length; f++) set(free[f], best[f]);
    }

    /** For each of n rows, the values (or positions when values is null) of entries whose key is the row. */
    private static int[][] invert(int n, long[] keys, long[] values) {
        int[] count = new int[n];
        for (long k : keys) count[(int) k]++;
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) out[i] = new int[count[i]];
        Arrays.fill(count, 0);
        for (int e = 0; e < keys.length; e++) {
            int k = (int) keys[e];
            out[k][count[k]++] = values == null ? e : (int) values[e];
        }
        return out;
    }
}
