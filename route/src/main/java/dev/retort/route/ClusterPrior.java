package dev.retort.route;

import dev.retort.core.tensor.Tensors;
import dev.retort.core.BadInputException;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Per-cluster reliability pₖ ∈ (0, 1] for the weighted routers, from the cluster's own training questions routed by
 * the centroid softmax (see {@link RoutingInformation}).
 * {@code entropy}: 1 − mean normalised routing entropy (a cluster whose questions route unambiguously is trusted more).
 * {@code fisher}: 1 − mean Fisher information of the routing log-likelihood of each question's own cluster,
 * ‖∇_C log w_y‖², in units of its largest possible value 2‖q‖²/τ² (a cluster whose questions the router fits badly,
 * with a steep log-likelihood, is trusted less). {@code scatter}: Fisher's discriminant ratio, between-cluster over
 * within-cluster spread ‖cₖ − c̄‖² / mean‖qᵢ − cₖ‖², scaled so the largest is 1 (called {@code fisher} before the
 * Fisher-information prior existed).
 */
public enum ClusterPrior {
    ENTROPY, FISHER, SCATTER;

    private static final double FLOOR = 1e-3;

    public static ClusterPrior parse(String name) {
        for (ClusterPrior p : values()) if (p.name().equalsIgnoreCase(name.strip())) return p;
        throw new BadInputException("unknown --prior '" + name + "': use one of "
                + Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    /** log pₖ [K] for training questions q [N, d] with cluster labels, centroids c [K, d]. */
    Tensor logPrior(Tensor q, int[] labels, Tensor centroids, double tau) {
        int k = (int) centroids.size(0);
        Tensor idx = Tensors.indices(labels);
        Tensor counts = torch.zeros(k).index_add_(0, idx, torch.ones(labels.length)).clamp_min(Rows.scalar(1));
        Tensor logW = torch.log_softmax(q.mm(centroids.t()).div(Rows.scalar(tau)), 1);              // [N, K]
        Tensor w = logW.exp();
        Tensor p = switch (this) {
            case ENTROPY -> clusterMean(RoutingInformation.normalisedEntropy(w, logW), idx, counts, k).neg().add(Rows.scalar(1));
            case FISHER -> {
                Tensor f = RoutingInformation.fisher(w, idx, q, tau).mul(Rows.scalar(tau * tau))
                        .div(q.square().sum(1).mul(Rows.scalar(2)).clamp_min(Rows.scalar(1e-12)));   // ∈ [0, 1]
                yield clusterMean(f, idx, counts, k).neg().add(Rows.scalar(1));
            }
            case SCATTER -> {
                Tensor between = centroids.sub(centroids.mean(new long[]{0}, true, new org.bytedeco.pytorch.ScalarTypeOptional())).square().sum(1);
                Tensor within = q.sub(centroids.index_select(0, idx)).square().sum(1);           // [N]
                Tensor ratio = between.div(clusterMean(within, idx, counts, k).clamp_min(Rows.scalar(1e-6)));
                yield ratio.div(ratio.max().clamp_min(Rows.scalar(1e-12)));
            }
        };
        return p.clamp_min(Rows.scalar(FLOOR)).log();
    }

    /**
     * log(1 − pₖ) [K] from log pₖ: the opposite tilt, which trusts the clusters this prior finds uncertain most (the
     * proposal's probability-weighted softmax that up-weights uncertain samples), floored like pₖ.
     */
    static Tensor logUncertainty(Tensor logPrior) {
        return logPrior.exp().neg().add(Rows.scalar(1)).clamp_min(Rows.scalar(FLOOR)).log();
    }

    private static Tensor clusterMean(Tensor perQuestion, Tensor idx, Tensor counts, int k) {
        return torch.zeros(k).index_add_(0, idx, perQuestion).div(counts);
    }
}
