package dev.retort.route;

import dev.retort.core.BadInputException;

/**
 * How a federated router is fitted and queried.
 *
 * @param k             clusters; 0 = choose with {@code kRule}
 * @param kRule         participation or erank on the answer embeddings' singular values
 * @param maxK          upper bound for the rule (and at most the number of training answers)
 * @param restarts      k-means++ restarts (best inertia kept)
 * @param original      the original per-cluster map: full-space SVD, no centring, no scale, no sign fix
 * @param scale         Umeyama uniform scale (ignored with {@code original})
 * @param tau           softmax temperature of the centroid and both weighted routers
 * @param topK          clusters mixed per query (weights renormalised over them); 0 = all
 * @param questionTau   temperature of the per-question softmax of the question router
 * @param secondTau     second softmax over the question router's cluster sums; 0 = none
 * @param prior         reliability pₖ of the weighted router (the uncertainty-weighted router uses 1 − pₖ)
 */
public record RouteConfig(int k, KRule kRule, int maxK, int restarts, int maxIterations, boolean original, boolean scale,
                          double tau, int topK, double questionTau, double secondTau, ClusterPrior prior) {

    public RouteConfig {
        if (k < 0) throw new BadInputException("--k must be ≥ 0 (0 = use --k-rule), got " + k);
        if (tau <= 0 || questionTau <= 0) throw new BadInputException("temperatures must be > 0");
        if (topK < 0) throw new BadInputException("--top-k must be ≥ 0, got " + topK);
        if (restarts < 1) throw new BadInputException("--restarts must be ≥ 1, got " + restarts);
    }

    public static RouteConfig defaults() {
        return new RouteConfig(0, KRule.PARTICIPATION, 400, 4, 100, false, false, 0.1, 5, 0.1, 0, ClusterPrior.ENTROPY);
    }

    public RouteConfig withOriginal(boolean value) {
        return new RouteConfig(k, kRule, maxK, restarts, maxIterations, value, scale, tau, topK, questionTau, secondTau, prior);
    }

    public RouteConfig withK(int value) {
        return new RouteConfig(value, kRule, maxK, restarts, maxIterations, original, scale, tau, topK, questionTau, secondTau, prior);
    }

    Procrustes.Options procrustes() {
        return original ? Procrustes.Options.original() : new Procrustes.Options(Procrustes.Span.CLUSTER, true, scale, true);
    }
}
