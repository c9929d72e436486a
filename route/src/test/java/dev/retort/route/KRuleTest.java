package dev.retort.route;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KRuleTest {
    @Test
    void equalSingularValuesGiveTheirCount() {
        double[] s = {2, 2, 2, 2, 2};
        assertThat(KRule.PARTICIPATION.of(s)).isCloseTo(5, within(1e-12));
        assertThat(KRule.ERANK.of(s)).isCloseTo(5, within(1e-12));
    }

    @Test
    void oneDominantValueGivesOne() {
        assertThat(KRule.PARTICIPATION.of(new double[]{3, 0, 0})).isCloseTo(1, within(1e-12));
        assertThat(KRule.ERANK.of(new double[]{3, 0, 0})).isCloseTo(1, within(1e-12));
    }

    @Test
    void matchesHandComputedValues() {
        double[] s = {4, 2, 1, 1};
        assertThat(KRule.PARTICIPATION.of(s)).isCloseTo(64.0 / 22.0, within(1e-12));
        double h = -(0.5 * Math.log(0.5) + 0.25 * Math.log(0.25) + 2 * 0.125 * Math.log(0.125));
        assertThat(KRule.ERANK.of(s)).isCloseTo(Math.exp(h), within(1e-12));
    }
}
