package dev.retort.elicit.optimize;

import dev.retort.core.Rng;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnnealingSearchTest {
    @Test
    void findsConsistentLabelsThatBeatThePrior() {
        SmallProblems.Generated g = SmallProblems.pairs(9, 60, 2400, 6);
        LabelProblem p = LabelProblem.of(g.claims(), g.tuples(), 1.0);
        AnnealingSearch.Result r = AnnealingSearch.run(p, AnnealingSearch.Options.defaults(p.n), new Rng(3));
        int[] y = r.labels().labels();
        for (int i = 0; i < p.n; i += 2) assertThat(y[i] + y[i + 1]).as("pair %d has exactly one true claim", i / 2).isEqualTo(1);
        assertThat(r.violations()).isZero();
        double prior = accuracy(g.gold(), Baselines.priorArgmax(p));
        assertThat(accuracy(g.gold(), y)).isGreaterThan(prior);
        assertThat(r.energyHistory().getLast()).isGreaterThan(r.energyHistory().getFirst());
    }

    @Test
    void sameSeedSameLabels() {
        SmallProblems.Generated g = SmallProblems.pairs(4, 20, 600, 4);
        LabelProblem p = LabelProblem.of(g.claims(), g.tuples(), 1.0);
        AnnealingSearch.Options o = AnnealingSearch.Options.defaults(p.n);
        assertThat(AnnealingSearch.run(p, o, new Rng(1)).labels().labels()).isEqualTo(AnnealingSearch.run(p, o, new Rng(1)).labels().labels());
    }

    static double accuracy(int[] gold, int[] y) {
        int right = 0;
        for (int i = 0; i < gold.length; i++) if (gold[i] == y[i]) right++;
        return (double) right / gold.length;
    }
}
