package dev.retort.score;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScoreMetricsTest {

    @Property(tries = 50)
    void aurocEqualsPairwiseProbability(@ForAll @IntRange(min = 2, max = 60) int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] s = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = rnd.nextInt(5);                                   // many ties
            y[i] = rnd.nextBoolean() ? 1 : 0;
        }
        double wins = 0, pairs = 0;
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (y[i] == 1 && y[j] == 0) {
            pairs++;
            wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
        }
        double auc = ScoreMetrics.auroc(s, y);
        if (pairs == 0) assertThat(auc).isNaN();
        else assertThat(auc).isCloseTo(wins / pairs, within(1e-12));
    }

    @Test
    void calibrationAndBrierOnHandComputedCase() {
        double[] p = {0.1, 0.1, 0.9, 0.9, 1.0};
        double[] y = {0, 1, 1, 1, 1};
        ScoreMetrics m = ScoreMetrics.of(p, y);
        // bins: [0.1,0.1] mean p 0.1 vs mean y 0.5 → 2/5·0.4; [0.9,0.9,1.0] → p 2.8/3 vs 1 → 3/5·(0.2/3)
        assertThat(m.ece()).isCloseTo(2.0 / 5 * 0.4 + 3.0 / 5 * (0.2 / 3), within(1e-12));
        assertThat(m.brier()).isCloseTo((0.01 + 0.81 + 0.01 + 0.01 + 0) / 5, within(1e-12));
        assertThat(m.accuracy()).isCloseTo(4.0 / 5, within(1e-12));
        assertThat(m.logLoss()).isCloseTo(-(Math.log(0.9) + Math.log(0.1) + 2 * Math.log(0.9) + Math.log(1 - 1e-15)) / 5, within(1e-9));
    }

    @Test
    void riskCoverageKeepsMostConfidentFirst() {
        double[] s = {0.2, 0.9, 0.5, 0.7};
        double[] y = {0, 1, 0, 1};
        double[][] rc = ScoreMetrics.riskCoverage(s, y);
        assertThat(rc[0]).containsExactly(0.25, 0.5, 0.75, 1.0);
        assertThat(rc[1]).containsExactly(1.0, 1.0, 2.0 / 3, 0.5);
    }
}
