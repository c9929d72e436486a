package dev.retort.route;

import dev.retort.core.tensor.Tensors;
import dev.retort.core.BadInputException;
import dev.retort.core.Rng;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Fisher information is the squared gradient of the routing log-likelihood (checked against autograd); the Fisher prior
 * is built from it; the uncertainty-weighted router tilts the opposite way to the weighted one.
 */
class RoutingInformationTest {
    private static final double TAU = 0.1;

    @Test
    void fisherIsTheSquaredGradientOfTheRoutingLogLikelihood() {
        SyntheticQa data = SyntheticQa.generate(4, 3, 8, 11);
        Tensor centroids = Rows.tensor(SyntheticQa.generate(4, 1, 8, 12).answers());      // [4, 8]
        for (int i = 0; i < 6; i++) {
            Tensor q = Rows.tensor(new float[][]{data.questions()[i]});
            double expected = 0;
            Tensor w = torch.softmax(q.mm(centroids.t()).div(Rows.scalar(TAU)), 1);
            for (int y = 0; y < 4; y++) {
                Tensor c = centroids.clone().set_requires_grad(true);
                Tensor logLikelihood = torch.log_softmax(q.mm(c.t()).div(Rows.scalar(TAU)), 1).select(1, y).sum();
                logLikelihood.backward();
                double squaredGradient = c.grad().square().sum().item_double();
                double closedForm = RoutingInformation.fisher(w, Tensors.indices(new int[]{y}), q, TAU).item_double();
                assertThat(closedForm).isCloseTo(squaredGradient, within(1e-4 * Math.max(1, squaredGradient)));
                expected += w.select(1, y).item_double() * squaredGradient;
            }
            assertThat(RoutingInformation.expectedFisher(w, q, TAU).item_double()).isCloseTo(expected, within(1e-4 * Math.max(1, expected)));
        }
    }

    @Test
    void theFisherPriorTrustsClustersWhoseQuestionsRouteCleanly() {
        Tensor centroids = Rows.tensor(new float[][]{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        float r = (float) Math.sqrt(0.5);
        Tensor q = Rows.tensor(new float[][]{{1, 0, 0}, {0, r, r}, {0, 0, 1}});            // cluster 1's question sits between 1 and 2
        int[] labels = {0, 1, 2};
        double[] fisher = exp(ClusterPrior.FISHER.logPrior(q, labels, centroids, TAU));
        // p = 1 − ‖e_y − w‖²/2: cluster 1 has w ≈ (0, ½, ½), so ‖e_1 − w‖² ≈ ½ and p ≈ 0.75; cluster 0 routes cleanly
        assertThat(fisher[1]).isCloseTo(0.75, within(0.01));
        assertThat(fisher[0]).isGreaterThan(0.99);
        double[] scatter = exp(ClusterPrior.SCATTER.logPrior(q, labels, centroids, TAU));
        assertThat(scatter).isNotEqualTo(fisher);
        assertThat(ClusterPrior.parse("fisher")).isEqualTo(ClusterPrior.FISHER);
        assertThat(ClusterPrior.parse("Scatter")).isEqualTo(ClusterPrior.SCATTER);
        assertThatThrownBy(() -> ClusterPrior.parse("ratio")).isInstanceOf(BadInputException.class).hasMessageContaining("entropy, fisher, scatter");
    }

    @Test
    void uncertaintyWeightedTiltsTowardsTheClustersWeightedTrustsLeast() {
        SyntheticQa data = SyntheticQa.generate(6, 12, 16, 5);
        RouteModel model = RouteModel.fit(data.questions(), data.answers(), RouteConfig.defaults().withK(6), new Rng(3));
        assertThat(model.routers()).contains(RouterKind.WEIGHTED, RouterKind.UNCERTAINTY_WEIGHTED);
        assertThat(RouterKind.parse("uncertainty-weighted")).isEqualTo(RouterKind.UNCERTAINTY_WEIGHTED);
        Tensor q = Rows.tensor(SyntheticQa.generate(6, 2, 16, 9).questions());
        Tensor base = model.weights(q, RouterKind.CENTROID).log();
        Tensor weighted = model.weights(q, RouterKind.WEIGHTED).log().sub(base);           // log pₖ + row constant
        Tensor uncertain = model.weights(q, RouterKind.UNCERTAINTY_WEIGHTED).log().sub(base);
        double[] prior = exp(weighted.select(0, 0).sub(weighted.select(0, 0).max()));
        int most = argmax(prior), least = argmin(prior);
        assertThat(most).isNotEqualTo(least);
        for (int row = 0; row < q.size(0); row++) {
            Tensor w = weighted.select(0, row), u = uncertain.select(0, row);
            assertThat(w.select(0, most).item_double()).isGreaterThan(w.select(0, least).item_double());
            assertThat(u.select(0, most).item_double()).isLessThan(u.select(0, least).item_double());
        }
        float[][] out = model.project(Rows.of(q), RouterKind.UNCERTAINTY_WEIGHTED);
        assertThat(java.util.Arrays.deepEquals(out, model.project(Rows.of(q), RouterKind.WEIGHTED))).isFalse();
    }

    @Test
    void fisherImportanceCountsAmbiguousSamplesMore() {
        Tensor w = Rows.tensor(new float[][]{{0.98f, 0.01f, 0.01f}, {0.5f, 0.5f, 0f}, {1 / 3f, 1 / 3f, 1 / 3f}});
        Tensor q = Rows.tensor(new float[][]{{1, 0, 0}, {1, 0, 0}, {1, 0, 0}});
        double[] f = new double[3];
        for (int i = 0; i < 3; i++) f[i] = RoutingInformation.expectedFisher(w, q, TAU).select(0, i).item_double();
        assertThat(f[0]).isLessThan(f[1]);
        assertThat(f[1]).isLessThan(f[2]);
        assertThat(f[2]).isCloseTo((1 - 1 / 3.0) / (TAU * TAU), within(1e-3));
    }

    private static double[] exp(Tensor log) {
        float[] v = Rows.of(log.exp().unsqueeze(0))[0];
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static int argmin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] < v[best]) best = i;
        return best;
    }
}
