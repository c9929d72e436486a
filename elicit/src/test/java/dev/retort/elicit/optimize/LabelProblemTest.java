package dev.retort.elicit.optimize;

import dev.retort.core.BadInputException;
import dev.retort.core.Rng;
import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.Framing;
import dev.retort.elicit.claims.PredictionTuple;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelProblemTest {
    private static final List<Claim> GSM = List.of(new Claim("a", "a", true, "q", "answer:12"), new Claim("b", "b", true, "q", "answer:12"),
            new Claim("c", "c", false, "q", "answer:13"), new Claim("d", "d", null, null, null));

    @Test
    void rulesComeFromKeysNotLabels() {
        LabelProblem p = LabelProblem.of(new ClaimSet(GSM, false), List.of(), 1.0);
        assertThat(p.equal[0]).containsExactly(0);
        assertThat(p.equal[1]).containsExactly(1);
        assertThat(p.notBothTrue[0]).containsExactly(0, 1);
        assertThat(p.notBothTrue[1]).containsExactly(2, 2);
        assertThat(p.notBothFalse[0]).isEmpty();
        assertThat(LabelProblem.of(new ClaimSet(GSM, true), List.of(), 1.0).notBothFalse[0]).hasSize(2);
    }

    @Test
    void rankingPairsAndDecoding() {
        List<PredictionTuple> ts = List.of(SmallProblems.tuple("a", List.of(), 3), SmallProblems.tuple("b", List.of(), 2.5),
                SmallProblems.tuple("c", List.of(), -1), SmallProblems.tuple("d", List.of(), 0.2));
        LabelProblem p = LabelProblem.of(new ClaimSet(GSM, false), ts, 1.0);
        assertThat(p.ranked[0]).containsExactly(0, 1);   // a > c, b > c; a vs b gap 0.5 < 1 is not ranked
        assertThat(p.ranked[1]).containsExactly(2, 2);
        // key "answer:12" (mean q 0.65) beats "answer:13" (0.55): its claims true, the other false
        assertThat(ConsistentDecoder.decode(p, new double[]{0.9, 0.4, 0.55, 0.7})).containsExactly(1, 1, 0, 1);
        assertThat(ConsistentDecoder.decode(p, new double[]{0.2, 0.3, 0.4, 0.1})).containsExactly(0, 0, 0, 0);
        assertThat(Baselines.majority(p)).containsExactly(1, 1, 0, 1);
        assertThat(Baselines.priorArgmax(p)).containsExactly(1, 1, 0, 1);
    }

    @Test
    void contextClaimsWithoutARecordedLabelAreCheckedButDoNotWeigh() {
        ClaimSet cs = new ClaimSet(GSM, false);
        PredictionTuple t = new PredictionTuple("a", List.of(new PredictionTuple.Shown("b", null), new PredictionTuple.Shown("c", true)),
                0, Framing.POSITIVE, -0.5, -1, "", "");
        LabelProblem p = LabelProblem.of(cs, List.of(t), 1.0);
        assertThat(p.ctxClaim).containsExactly(2);
        assertThat(p.ctxShown).containsExactly(1.0);
        PredictionTuple stray = new PredictionTuple("a", List.of(new PredictionTuple.Shown("zz", null)), 0, Framing.POSITIVE, -0.5, -1, "", "");
        assertThatThrownBy(() -> LabelProblem.of(cs, List.of(stray), 1.0)).isInstanceOf(BadInputException.class).hasMessageContaining("'zz'");
    }

    @Test
    void unknownUidIsABadInputNamingTheTuple() {
        assertThatThrownBy(() -> LabelProblem.of(new ClaimSet(GSM, false),
                List.of(SmallProblems.tuple("a", List.of(), 1), SmallProblems.tuple("zz", List.of(), 1)), 1.0))
                .isInstanceOf(BadInputException.class).hasMessageContaining("tuple 2").hasMessageContaining("'zz'");
    }

    @Test
    void weightSearchPicksFromTheGridByHeldOutPredictability() {
        SmallProblems.Generated g = SmallProblems.pairs(2, 10, 300, 3);
        WeightSearch.Choice c = WeightSearch.search(g.claims(), g.tuples(), OptimizeOptions.defaults(), new Rng(5), () -> { });
        assertThat(c.heldOutLoss()).isFinite().isPositive();
        for (LossWeights.Term t : WeightSearch.SEARCHED) assertThat(WeightSearch.GRID).contains(c.weights().get(t));
        assertThat(c.weights().prior()).isEqualTo(1.0);
    }
}
