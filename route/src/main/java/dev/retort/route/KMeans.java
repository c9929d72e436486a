package dev.retort.route;

import dev.retort.core.Engine;
import dev.retort.core.Rng;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Lloyd's k-means with k-means++ seeding, several seeded restarts, keeping the lowest inertia.
 * Distances are one matmul per iteration: ‖x‖² − 2·x·cᵀ + ‖c‖². An empty cluster is re-seeded with the point
 * farthest from its centre, so every cluster ends non-empty when n ≥ k.
 */
public final class KMeans {
    /** Timing-friendly summary for callers outside the package (benchmarks). */
    public record Summary(int[] labels, double inertia, int iterations) {
    }

    /** centroids [k, d]; labels[i] ∈ [0, k); inertia = Σ squared distance to the own centroid. */
    record Result(Tensor centroids, int[] labels, double inertia, int iterations) {
        int k() {
            return (int) centroids.size(0);
        }
    }

    private final int k;
    private final int restarts;
    private final int maxIterations;

    public KMeans(int k, int restarts, int maxIterations) {
        if (k < 1) throw new IllegalArgumentException("k must be ≥ 1, got " + k);
        this.k = k;
        this.restarts = Math.max(1, restarts);
        this.maxIterations = maxIterations;
    }

    /** Clusters the rows of x [n][d] with the given seed. */
    public Summary fit(float[][] x, long seed) {
        try (var noGrad = new org.bytedeco.pytorch.NoGradGuard()) {
            Result r = fit(Rows.tensor(x), new Rng(seed));
            return new Summary(r.labels(), r.inertia(), r.iterations());
        }
    }

    /** x [n, d] float32, n ≥ k. */
    Result fit(Tensor x, Rng rng) {
        int n = (int) x.size(0);
        if (n < k) throw new IllegalArgumentException("k-means needs at least k=" + k + " points, got " + n);
        Tensor sqNorms = x.square().sum(1);                          // [n]
        Result best = null;
        for (int r = 0; r < restarts; r++) {
            Result run = lloyd(x, sqNorms, seedCentroids(x, sqNorms, rng.fork("restart-" + r)));
            if (best == null || run.inertia() < best.inertia()) best = run;
        }
        return best;
    }

    /** k-means++: the first centre uniformly, each next one with probability ∝ squared distance to the nearest chosen. */
    private Tensor seedCentroids(Tensor x, Tensor sqNorms, Rng rng) {
        int n = (int) x.size(0);
        int[] chosen = new int[k];
        chosen[0] = rng.nextInt(n);
        Tensor nearest = squaredDistances(x, sqNorms, x.narrow(0, chosen[0], 1)).squeeze(1);   // [n]
        for (int c = 1; c < k; c++) {
            float[] d2 = Tensors.toFloats(nearest);
            double total = 0;
            for (float v : d2) total += Math.max(v, 0f);
            int pick;
            if (total <= 0) {
                pick = rng.nextInt(n);                                   // all points coincide with chosen centres
            } else {
                double u = rng.nextDouble() * total, acc = 0;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    acc += Math.max(d2[i], 0f);
                    if (acc >= u) {
                        pick = i;
                        break;
                    }
                }
            }
            chosen[c] = pick;
            nearest = torch.minimum(nearest, squaredDistances(x, sqNorms, x.narrow(0, pick, 1)).squeeze(1));
        }
        return x.index_select(0, Tensors.indices(chosen)).clone();
    }

    private Result lloyd(Tensor x, Tensor sqNorms, Tensor centroids) {
        int[] labels = null;
        int it = 0;
        long d = x.size(1);
        for (; it < maxIterations; it++) {
            float[] next;
            try (var scope = Engine.step()) {
                Tensor d2 = squaredDistances(x, sqNorms, centroids);       // [n, k]
                int[] assigned = toInts(d2.argmin(new org.bytedeco.pytorch.LongOptional(1), false));
                boolean same = labels != null && java.util.Arrays.equals(labels, assigned);
                labels = assigned;
                if (same) break;
                next = Tensors.toFloats(means(x, labels, d2));   // copied out: the scope frees every temporary
            }
            centroids = Tensors.of(next, k, d);
        }
        Tensor d2 = squaredDistances(x, sqNorms, centroids);
        double inertia = d2.gather(1, Tensors.indices(labels).unsqueeze(1)).clamp_min(Rows.scalar(0)).sum().item_double();
        return new Result(centroids, labels, inertia, it + 1);
    }

    /** New centres [k, d]: the mean of each cluster's points; an empty cluster takes the worst-fitted point. */
    private Tensor means(Tensor x, int[] labels, Tensor d2) {
        Tensor idx = Tensors.indices(labels);
        Tensor sums = torch.zeros(k, x.size(1)).index_add_(0, idx, x);                 // [k, d]
        Tensor counts = torch.zeros(k).index_add_(0, idx, torch.ones(labels.length));   // [k]
        Tensor centres = sums.div(counts.clamp_min(Rows.scalar(1)).unsqueeze(1));
        float[] c = Tensors.toFloats(counts);
        Tensor own = d2.gather(1, idx.unsqueeze(1)).squeeze(1).clone();                 // [n]
        for (int j = 0; j < k; j++) {
            if (c[j] > 0) continue;
            int far = (int) own.argmax().item_long();
            centres.narrow(0, j, 1).copy_(x.narrow(0, far, 1));
            own.narrow(0, far, 1).fill_(Rows.scalar(-1));
        }
        return centres;
    }

    /** [n, m] squared Euclidean distances between the rows of x and of c. */
    static Tensor squaredDistances(Tensor x, Tensor sqNorms, Tensor c) {
        Tensor cn = c.square().sum(1);                                   // [m]
        return sqNorms.unsqueeze(1).sub(x.mm(c.t()).mul(Rows.scalar(2))).add(cn.unsqueeze(0));
    }

    static int[] toInts(Tensor t) {
        long[] l = Tensors.toLongs(t);
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) out[i] = (int) l[i];
        return out;
    }
}
