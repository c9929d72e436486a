package dev.retort.route;

import dev.retort.core.Rng;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KMeansTest {

    /** Three tight, well separated blobs of 30 points. */
    static float[][] blobs(Rng rng) {
        float[][] x = new float[90][4];
        for (int i = 0; i < 90; i++) {
            int c = i / 30;
            for (int j = 0; j < 4; j++) x[i][j] = (float) ((j == c ? 10 : 0) + 0.1 * rng.nextGaussian());
        }
        return x;
    }

    @Test
    void findsSeparatedBlobs() {
        Tensor x = Rows.tensor(blobs(new Rng(1)));
        KMeans.Result r = new KMeans(3, 3, 100).fit(x, new Rng(2));
        for (int c = 0; c < 3; c++) {
            Set<Integer> labels = new HashSet<>();
            for (int i = c * 30; i < (c + 1) * 30; i++) labels.add(r.labels()[i]);
            assertThat(labels).hasSize(1);
        }
        assertThat(new HashSet<>(java.util.Arrays.stream(r.labels()).boxed().toList())).hasSize(3);
        assertThat(r.inertia()).isLessThan(90 * 4 * 0.05);
    }

    @Test
    void sameSeedSameClusters() {
        Rng data = new Rng(3);
        float[][] x = new float[200][8];
        for (float[] row : x) for (int j = 0; j < 8; j++) row[j] = (float) data.nextGaussian();
        KMeans.Result a = new KMeans(7, 2, 50).fit(Rows.tensor(x), new Rng(5));
        KMeans.Result b = new KMeans(7, 2, 50).fit(Rows.tensor(x), new Rng(5));
        assertThat(a.labels()).isEqualTo(b.labels());
        assertThat(a.inertia()).isCloseTo(b.inertia(), within(1e-9));
    }

    @Test
    void everyClusterIsUsedWhenKEqualsN() {
        float[][] x = new float[6][2];
        for (int i = 0; i < 6; i++) x[i] = new float[]{i, i * i};
        KMeans.Result r = new KMeans(6, 1, 20).fit(Rows.tensor(x), new Rng(0));
        assertThat(new HashSet<>(java.util.Arrays.stream(r.labels()).boxed().toList())).hasSize(6);
        assertThat(r.inertia()).isCloseTo(0, within(1e-6));
    }
}
