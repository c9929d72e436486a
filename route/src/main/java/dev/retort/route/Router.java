package dev.retort.route;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Turns queries into cluster weights: q [b, d] (unit rows) → w [b, K], each row non-negative and summing to 1.
 * The projection is then Σₖ wₖ·fₖ(q) over the top clusters of each row.
 */
sealed interface Router permits Router.Centroid, Router.Question, Router.Weighted {

    Tensor weights(Tensor q);

    /** softmax(q·cₖ/τ) over the clusters' question centroids c [K, d]. */
    record Centroid(Tensor centroids, double tau) implements Router {
        @Override
        public Tensor weights(Tensor q) {
            return torch.softmax(q.mm(centroids.t()).div(Rows.scalar(tau)), 1);
        }
    }

    /**
     * The "degeneracy" aggregation: softmax over every training question, summed per cluster
     * (w = softmax(q·Qᵀ/τ)·onehot, with onehot [N, K]); with secondTau &gt; 0 a second softmax(w/τ₂) over clusters.
     */
    record Question(Tensor questions, Tensor onehot, double tau, double secondTau) implements Router {
        @Override
        public Tensor weights(Tensor q) {
            Tensor perQuestion = torch.softmax(q.mm(questions.t()).div(Rows.scalar(tau)), 1);   // [b, N]
            Tensor perCluster = perQuestion.mm(onehot);                                          // [b, K]
            return secondTau > 0 ? torch.softmax(perCluster.div(Rows.scalar(secondTau)), 1) : perCluster;
        }
    }

    /**
     * wₖ ∝ pₖ·exp(q·cₖ/τ): centroid routing tilted by a per-cluster weight pₖ (as log pₖ, [K]) — the reliability of
     * {@link ClusterPrior} for the {@code weighted} router, 1 − that reliability for {@code uncertainty-weighted}.
     */
    record Weighted(Tensor centroids, Tensor logPrior, double tau) implements Router {
        @Override
        public Tensor weights(Tensor q) {
            return torch.softmax(q.mm(centroids.t()).div(Rows.scalar(tau)).add(logPrior.unsqueeze(0)), 1);
        }
    }
}
