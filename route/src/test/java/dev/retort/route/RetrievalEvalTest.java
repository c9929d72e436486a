package dev.retort.route;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RetrievalEvalTest {
    // answers on the unit circle at 0°, 30°, 60°, 90°; pairs 0,1 in cluster "x", 2,3 in cluster "y"
    static final float[][] ANSWERS = {unit(0), unit(30), unit(60), unit(90)};
    static final List<QaPair> PAIRS = List.of(new QaPair("p0", "x", "q0", "a0"), new QaPair("p1", "x", "q1", "a1"),
            new QaPair("p2", "y", "q2", "a2"), new QaPair("p3", "y", "q3", "a3"));

    static float[] unit(double degrees) {
        double r = Math.toRadians(degrees);
        return new float[]{(float) Math.cos(r), (float) Math.sin(r)};
    }

    @Test
    void ranksExactAndGroupAnswers() {
        AnswerCorpus corpus = AnswerCorpus.of(PAIRS, ANSWERS);
        RetrievalEval eval = new RetrievalEval(corpus, PAIRS, new int[]{0, 3}, 200, 1);
        // query for p0 at 50°: order a2(60) a1(30) a3(90) a0(0) → exact rank 4, group (x = a0,a1) rank 2
        // query for p3 at 85°: order a3 a2 a1 a0 → exact 1, group 1
        int[][] ranks = eval.ranks(new float[][]{unit(50), unit(85)});
        assertThat(ranks[0]).containsExactly(4, 1);
        assertThat(ranks[1]).containsExactly(2, 1);
        RetrievalEval.Row row = eval.add("m", new float[][]{unit(50), unit(85)}, Map.of());
        assertThat(row.cells().get("hit1").mean()).isCloseTo(0.5, within(1e-12));
        assertThat(row.cells().get("mrr").mean()).isCloseTo((0.25 + 1) / 2, within(1e-12));
        assertThat(row.cells().get("group_mrr").mean()).isCloseTo((0.5 + 1) / 2, within(1e-12));
        assertThat(row.cells().get("hit5").mean()).isCloseTo(1.0, within(1e-12));
        // the first method is the baseline: its paired difference is exactly zero
        assertThat(row.cells().get("hit1").delta()).isZero();
    }

    @Test
    void bootstrapIntervalContainsTheMeanAndShrinksWithMoreData() {
        double[] small = new double[40], large = new double[4000];
        for (int i = 0; i < small.length; i++) small[i] = i % 2;
        for (int i = 0; i < large.length; i++) large[i] = i % 2;
        Bootstrap.Interval a = new Bootstrap(small.length, 500, 3).of(small);
        Bootstrap.Interval b = new Bootstrap(large.length, 500, 3).of(large);
        assertThat(a.low()).isLessThan(0.5);
        assertThat(a.high()).isGreaterThan(0.5);
        assertThat(b.high() - b.low()).isLessThan((a.high() - a.low()) / 5);
    }
}
