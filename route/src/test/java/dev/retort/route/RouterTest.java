package dev.retort.route;

import dev.retort.core.Rng;
import dev.retort.core.tensor.Tensors;
import dev.retort.core.train.EpochCheckpoint;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RouterTest {
    static final SyntheticQa DATA = SyntheticQa.generate(6, 12, 16, 11);

    static RouteModel model(RouteConfig config) {
        return RouteModel.fit(DATA.questions(), DATA.answers(), config.withK(6), new Rng(3));
    }

    @Test
    void everyRoutersWeightsAreADistribution() {
        RouteModel m = model(RouteConfig.defaults());
        Tensor q = Rows.tensor(DATA.questions());
        for (RouterKind kind : new RouterKind[]{RouterKind.CENTROID, RouterKind.QUESTION, RouterKind.WEIGHTED}) {
            float[] w = Tensors.toFloats(m.weights(q, kind));
            int k = m.clusters();
            for (int i = 0; i < DATA.questions().length; i++) {
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    assertThat(w[i * k + c]).isGreaterThanOrEqualTo(0f);
                    sum += w[i * k + c];
                }
                assertThat(sum).as(kind + " row " + i).isCloseTo(1.0, within(1e-5));
            }
        }
    }

    @Test
    void questionRouterEqualsTheExplicitPerClusterSum() {
        RouteModel m = model(RouteConfig.defaults());
        float[][] train = DATA.questions();
        float[] query = DATA.answers()[5];
        double tau = m.config().questionTau();
        double[] logits = new double[train.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < train.length; i++) {
            double dot = 0;
            for (int j = 0; j < query.length; j++) dot += query[j] * train[i][j];
            logits[i] = dot / tau;
            max = Math.max(max, logits[i]);
        }
        double z = 0;
        for (double l : logits) z += Math.exp(l - max);
        // labels in model order: recover from the one-hot the model stores
        float[] onehot = Tensors.toFloats(m.onehot());
        int k = m.clusters();
        double[] expected = new double[k];
        for (int i = 0; i < train.length; i++) {
            for (int c = 0; c < k; c++) if (onehot[i * k + c] == 1f) expected[c] += Math.exp(logits[i] - max) / z;
        }
        float[] got = Tensors.toFloats(m.weights(Rows.tensor(new float[][]{query}), RouterKind.QUESTION));
        for (int c = 0; c < k; c++) assertThat((double) got[c]).isCloseTo(expected[c], within(1e-5));
    }

    @Test
    void weightedRouterWithUniformPriorEqualsCentroidRouter() {
        RouteModel m = model(RouteConfig.defaults());
        Tensor q = Rows.tensor(DATA.questions());
        Tensor centroid = m.weights(q, RouterKind.CENTROID);
        Tensor weighted = new Router.Weighted(m.questionCentroids(), org.bytedeco.pytorch.global.torch.zeros(m.clusters()), m.config().tau()).weights(q);
        assertThat(centroid.sub(weighted).abs().max().item_double()).isLessThan(1e-6);
        // and the fitted prior does change them
        assertThat(centroid.sub(m.weights(q, RouterKind.WEIGHTED)).abs().max().item_double()).isGreaterThan(1e-4);
    }

    @Test
    void projectionWithOneClusterIsThatClustersMap() {
        RouteModel m = model(RouteConfig.defaults());
        Tensor q = Rows.tensor(DATA.questions()).narrow(0, 0, 3);
        float[][] w = new float[3][m.clusters()];
        for (float[] row : w) row[2] = 1;
        Tensor got = new FederatedProjection(m.maps()).project(q, Rows.tensor(w), 1);
        assertThat(got.sub(m.maps().get(2).apply(q)).abs().max().item_double()).isLessThan(1e-6);
    }

    @Test
    void savedModelReloadsToIdenticalOutputs(@org.junit.jupiter.api.io.TempDir Path dir) {
        RouteModel m = model(RouteConfig.defaults());
        SyntheticQa qa = DATA;
        AnswerCorpus corpus = new AnswerCorpus(java.util.stream.IntStream.range(0, qa.answers().length).mapToObj(i -> "a" + i).toList(),
                qa.answers(), java.util.stream.IntStream.range(0, qa.answers().length).mapToObj(i -> java.util.Set.of("t" + qa.topic()[i])).toList(),
                java.util.stream.IntStream.range(0, qa.answers().length).toArray());
        m.trainAdapter(RouterKind.ADAPTER, qa.questions(), qa.answers(), corpus.answerOf(), corpus.vectors(), 1, new Rng(4), EpochCheckpoint.Plan.OFF);
        m.trainAdapter(RouterKind.ADAPTER_MOE, qa.questions(), qa.answers(), corpus.answerOf(), corpus.vectors(), 3, new Rng(4), EpochCheckpoint.Plan.OFF);
        java.util.List<QaPair> pairs = new java.util.ArrayList<>();
        for (int i = 0; i < qa.answers().length; i++) pairs.add(new QaPair("p" + i, "t" + qa.topic()[i], "q" + i, "a" + i));
        RouteArtifacts.write(dir, "synthetic", pairs, new boolean[pairs.size()], qa.questions(), qa.answers(), m.config(), java.util.Map.of());
        m.save(dir);
        RouteModel back = RouteModel.load(dir);
        assertThat(back.routers()).isEqualTo(m.routers());
        float[][] probe = SyntheticQa.generate(6, 3, 16, 99).questions();
        for (RouterKind kind : m.routers()) {
            assertThat(back.project(probe, kind)).as(kind.cliName()).isDeepEqualTo(m.project(probe, kind));
        }
    }
}
