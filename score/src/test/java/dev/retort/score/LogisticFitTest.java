package dev.retort.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LogisticFitTest {

    static Path resource(String name) throws URISyntaxException {
        return Path.of(LogisticFitTest.class.getResource("/sklearn-lr/" + name).toURI());
    }

    @Test
    void matchesScikitLearnReferenceFit() throws Exception {
        // fixture: bench/score/make_sklearn_fixture.py (StandardScaler + LogisticRegression(C=0.5, lbfgs))
        FeatureTable t = FeatureTable.read(resource("data.csv"), List.of(), "label", BadRecords.failFast());
        JsonNode ref = Json.readTree(resource("reference.json"));
        double lambda = 1 / (ref.get("C").asDouble() * t.size());
        LogisticFit.Result r = LogisticFit.fit(t, "label", lambda, 200);
        assertThat(r.converged()).isTrue();
        for (int j = 0; j < 5; j++) {
            assertThat(r.model().weights()[j]).as("w%d", j).isCloseTo(ref.get("coef").get(j).asDouble(), within(1e-4));
            assertThat(r.model().mean()[j]).isCloseTo(ref.get("scaler_mean").get(j).asDouble(), within(1e-9));
            assertThat(r.model().std()[j]).isCloseTo(ref.get("scaler_scale").get(j).asDouble(), within(1e-9));
        }
        assertThat(r.model().bias()).isCloseTo(ref.get("intercept").asDouble(), within(1e-4));
        // sklearn stops with a gradient of ~5e-6; ours must reach at least as low an objective
        double[] refW = new double[5];
        for (int j = 0; j < 5; j++) refW[j] = ref.get("coef").get(j).asDouble();
        LogisticModel sk = new LogisticModel(t.names(), r.model().mean(), r.model().std(), refW, ref.get("intercept").asDouble(), lambda, "label");
        assertThat(objective(r.model(), t, lambda)).isLessThanOrEqualTo(objective(sk, t, lambda) + 1e-12);
        double[] p = r.model().predict(t.rows());
        assertThat(ScoreMetrics.of(p, t.labels()).logLoss()).isCloseTo(ref.get("train_log_loss").asDouble(), within(1e-7));
        // the loss curve never goes up (L-BFGS with a strong-Wolfe search decreases monotonically)
        for (int i = 1; i < r.loss().length; i++) assertThat(r.loss()[i]).isLessThanOrEqualTo(r.loss()[i - 1] + 1e-12);
    }

    static double objective(LogisticModel m, FeatureTable t, double lambda) {
        double[] p = m.predict(t.rows());
        double reg = 0;
        for (double w : m.weights()) reg += w * w;
        return ScoreMetrics.of(p, t.labels()).logLoss() + lambda / 2 * reg;
    }

    @Test
    void recoversKnownWeightsOnLargeSyntheticData() {
        Random rnd = new Random(11);
        int n = 20_000;
        double[] trueW = {2.0, -1.0, 0.0, 0.5};
        double trueB = -0.7;
        double[][] x = new double[n][4];
        double[] y = new double[n];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double z = trueB;
            for (int j = 0; j < 4; j++) {
                x[i][j] = rnd.nextGaussian();
                z += trueW[j] * x[i][j];
            }
            y[i] = rnd.nextDouble() < LogisticModel.sigmoid(z) ? 1 : 0;
            ids.add("r" + i);
        }
        FeatureTable t = new FeatureTable(List.of("a", "b", "c", "d"), x, y, ids);
        LogisticModel m = LogisticFit.fit(t, "label", 0, 200).model();
        // weights are on the standardized scale; map back to raw units to compare with the generator
        for (int j = 0; j < 4; j++) assertThat(m.weights()[j] / m.std()[j]).as("w%d", j).isCloseTo(trueW[j], within(0.08));
        double rawBias = m.bias();
        for (int j = 0; j < 4; j++) rawBias -= m.weights()[j] * m.mean()[j] / m.std()[j];
        assertThat(rawBias).isCloseTo(trueB, within(0.06));
    }

    @Test
    void savedModelPredictsTheSame(@TempDir Path dir) throws Exception {
        FeatureTable t = FeatureTable.read(resource("data.csv"), List.of(), "label", BadRecords.failFast());
        LogisticModel m = LogisticFit.fit(t, "label", 1e-3, 100).model();
        m.save(dir.resolve("model.json"));
        LogisticModel back = LogisticModel.load(dir.resolve("model.json"));
        assertThat(back.predict(t)).containsExactly(m.predict(t));
        assertThat(back.features()).containsExactly("x1", "x2", "x3", "x4", "x5");
    }
}
