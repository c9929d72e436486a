package dev.retort.elicit.optimize;

/** Labels that need no optimization, to stand beside the optimized ones. */
public final class Baselines {
    private Baselines() {
    }

    /** Prior argmax: true when the mean log-odds of a claim's tuples is > 0 (no tuples: false). */
    public static int[] priorArgmax(LabelProblem p) {
        int[] y = new int[p.n];
        for (int i = 0; i < p.n; i++) y[i] = p.meanLogOdds[i] > 0 ? 1 : 0;
        return y;
    }

    /** Per-tuple majority: each tuple votes for the side its log-odds favour; ties and no votes → false. */
    public static int[] majority(LabelProblem p) {
        int[] votes = new int[p.n];
        for (int t = 0; t < p.k; t++) votes[(int) p.target[t]] += p.logOdds[t] > 0 ? 1 : p.logOdds[t] < 0 ? -1 : 0;
        int[] y = new int[p.n];
        for (int i = 0; i < p.n; i++) y[i] = votes[i] > 0 ? 1 : 0;
        return y;
    }
}
