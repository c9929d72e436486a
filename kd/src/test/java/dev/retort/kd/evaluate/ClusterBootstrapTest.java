package dev.retort.kd.evaluate;

import dev.retort.core.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClusterBootstrapTest {
    @Test
    void independentHitsGiveTheNormalApproximationsWidth() {
        int n = 2000;
        double[] hits = new double[n];
        Rng rng = new Rng(3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hits[i] = rng.nextDouble() < 0.3 ? 1 : 0;
            ids.add("m" + i);
        }
        var ci = new ClusterBootstrap(ids, 7, 2000).mean(hits);
        double p = ci.mean(), se = Math.sqrt(p * (1 - p) / n);
        assertThat(ci.low()).isCloseTo(p - 1.96 * se, within(0.006));
        assertThat(ci.high()).isCloseTo(p + 1.96 * se, within(0.006));
        assertThat(new ClusterBootstrap(ids, 7, 2000).mean(hits)).as("same seed, same interval").isEqualTo(ci);
    }

    @Test
    void clustersWidenTheIntervalWhenTheirExamplesAgree() {
        int n = 1000;
        double[] hits = new double[n];
        List<String> singles = new ArrayList<>(), methods = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hits[i] = (i / 10) % 3 == 0 ? 1 : 0;   // ten examples per method, all right or all wrong
            singles.add("e" + i);
            methods.add("m" + i / 10);
        }
        var flat = new ClusterBootstrap(singles, 1, 1000).mean(hits);
        var clustered = new ClusterBootstrap(methods, 1, 1000).mean(hits);
        assertThat(clustered.mean()).isEqualTo(flat.mean());
        assertThat(clustered.high() - clustered.low()).isGreaterThan(2.5 * (flat.high() - flat.low()));
    }

    @Test
    void pairedDifferenceOfAPredictorWithItselfIsExactlyZeroAndAClearWinExcludesZero() {
        double[] a = new double[400], b = new double[400];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            a[i] = i % 2;
            b[i] = i % 4 == 1 ? 1 : 0;  // b hits half of a's hits and nothing else
            ids.add("m" + i / 4);
        }
        var boot = new ClusterBootstrap(ids, 5, 1000);
        assertThat(boot.pairedDifference(a, a)).isEqualTo(new ClusterBootstrap.Interval(0, 0, 0));
        var diff = boot.pairedDifference(a, b);
        assertThat(diff.mean()).isEqualTo(0.25);
        assertThat(diff.excludesZeroAbove()).isTrue();
        assertThat(boot.pairedDifference(b, a).excludesZeroAbove()).isFalse();
    }
}
