package dev.retort.score;

import dev.retort.core.Engine;
import dev.retort.core.io.NdArray;
import dev.retort.core.report.MetricsLogger;
import dev.retort.core.train.EpochCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Alignment and distillation learn on synthetic data with a known shared structure. */
class AlignmentTest {

    /** Three "models" see the same 4-d latent z through different random linear maps plus noise. */
    static List<NdArray> views(int n, long seed) {
        Random rnd = new Random(seed);
        int[] widths = {8, 12, 6};
        double[][][] maps = new double[3][][];
        for (int m = 0; m < 3; m++) {
            maps[m] = new double[4][widths[m]];
            for (double[] r : maps[m]) for (int j = 0; j < r.length; j++) r[j] = rnd.nextGaussian();
        }
        float[][] data = {new float[n * widths[0]], new float[n * widths[1]], new float[n * widths[2]]};
        for (int i = 0; i < n; i++) {
            double[] z = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            for (int m = 0; m < 3; m++) for (int j = 0; j < widths[m]; j++) {
                double v = 0.05 * rnd.nextGaussian();
                for (int q = 0; q < 4; q++) v += z[q] * maps[m][q][j];
                data[m][i * widths[m] + j] = (float) v;
            }
        }
        return List.of(NdArray.ofFloats(data[0], n, 8), NdArray.ofFloats(data[1], n, 12), NdArray.ofFloats(data[2], n, 6));
    }

    @Test
    void headsAlignHeldOutRowsWithoutCollapsing(@TempDir Path dir) {
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 42));
        Alignment.Result r;
        try (MetricsLogger log = new MetricsLogger(dir.resolve("m.csv"), dir.resolve("tb"))) {
            r = Alignment.train(views(500, 1), new Alignment.Config(4, 40, 50, 0.02, 0.01, 0.2), log, dir, EpochCheckpoint.Plan.OFF);
            assertThat(log.tags()).contains("loss/train", "loss/heldout", "entropy/match_normalized");
        }
        assertThat(r.heldOutRows()).isEqualTo(100);
        assertThat(r.after().loss()).isLessThan(0.05).isLessThan(r.before().loss() / 5);
        for (double c : r.after().pairCosine()) assertThat(c).isGreaterThan(0.9);
        assertThat(r.after().retrievalAt1()).isGreaterThan(0.5);              // chance is 1/100
        assertThat(r.after().adversarialLoss()).isGreaterThanOrEqualTo(r.after().loss());
        // saved heads reproduce the projection
        NdArray projected = Alignment.project(dir, "primary", views(500, 1).getFirst());
        assertThat(projected.shape()).containsExactly(500, 4);
    }

    @Test
    void studentLearnsATargetProjection(@TempDir Path dir) {
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 42));
        Random rnd = new Random(4);
        int n = 600, d = 10, k = 5;
        double[][] m = new double[d][k];
        for (double[] r : m) for (int j = 0; j < k; j++) r[j] = rnd.nextGaussian() / Math.sqrt(d);
        float[] h = new float[n * d], y = new float[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) h[i * d + j] = (float) rnd.nextGaussian();
            for (int q = 0; q < k; q++) {
                double v = 0;
                for (int j = 0; j < d; j++) v += h[i * d + j] * m[j][q];
                y[i * k + q] = (float) Math.tanh(2 * v);
            }
        }
        Distillation.Result r;
        try (MetricsLogger log = new MetricsLogger(dir.resolve("m.csv"), dir.resolve("tb"))) {
            r = Distillation.train(NdArray.ofFloats(h, n, d), NdArray.ofFloats(y, n, k), new Distillation.Config(32, 60, 32, 0.01, 0.2), log, dir, EpochCheckpoint.Plan.OFF);
        }
        assertThat(r.after().meanSquaredError()).isLessThan(r.before().meanSquaredError() / 5);
        assertThat(r.after().cosineFidelity()).isGreaterThan(0.95);
        assertThat(r.parameters()).isEqualTo(10 * 32 + 32 + 32 * 5 + 5);
        assertThat(dir.resolve(Distillation.MODEL_FILE)).exists();
        assertThat(r.heldOutRows()).isEqualTo(120);
    }
}
