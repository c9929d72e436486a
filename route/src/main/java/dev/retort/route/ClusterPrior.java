package dev.retort.route;

import dev.retort.core.BadInputException;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.Locale;

/**
 * Per-cluster reliability pₖ ∈ (0, 1] for the weighted router, from the cluster's own training questions.
 * {@code entropy}: 1 − mean normalised entropy of their centroid routing (a cluster whose questions route
 * unambiguously is trusted more). {@code fisher}: between-cluster over within-cluster spread,
 * ‖cₖ − c̄‖² / mean‖qᵢ − cₖ‖², scaled so the largest is 1.
 */
public enum ClusterPrior {
    ENTROPY, FISHER;

    private static final double FLOOR = 1e-3;

    public static ClusterPrior parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "entropy" -> ENTROPY;
            case "fisher" -> FISHER;
            default -> throw new BadInputException("unknown --prior '" + name + "': use entropy or fisher");
        };
    }

    /** log pₖ [K] for training questions q [N, d] with cluster labels, centroids c [K, d]. */
    Tensor logPrior(Tensor q, int[] labels, Tensor centroids, double tau) {
        int k = (int) centroids.size(0);
        Tensor idx = Rows.indices(labels);
        Tensor counts = torch.zeros(k).index_add_(0, idx, torch.ones(labels.length)).clamp_min(Rows.scalar(1));
        Tensor p = switch (this) {
            case ENTROPY -> {
                Tensor logW = torch.log_softmax(q.mm(centroids.t()).div(Rows.scalar(tau)), 1);      // [N, K]
                Tensor h = logW.exp().mul(logW).sum(1).neg().div(Rows.scalar(Math.log(Math.max(k, 2))));  // [N]
                Tensor meanH = torch.zeros(k).index_add_(0, idx, h).div(counts);
                yield meanH.neg().add(Rows.scalar(1));
            }
            case FISHER -> {
                Tensor between = centroids.sub(centroids.mean(new long[]{0}, true, new org.bytedeco.pytorch.ScalarTypeOptional())).square().sum(1);
                Tensor within = q.sub(centroids.index_select(0, idx)).square().sum(1);           // [N]
                Tensor meanWithin = torch.zeros(k).index_add_(0, idx, within).div(counts).clamp_min(Rows.scalar(1e-6));
                Tensor ratio = between.div(meanWithin);
                yield ratio.div(ratio.max().clamp_min(Rows.scalar(1e-12)));
            }
        };
        return p.clamp_min(Rows.scalar(FLOOR)).log();
    }
}
