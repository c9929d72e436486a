package dev.retort.elicit.optimize;

import dev.retort.core.BadInputException;
import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.PredictionTuple;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvidenceWeightsTest {

    /**
     * An exactly-one pair: "swing" leans true on average (mean log-odds 2) but its answers swing between +6 and −2
     * with the context; "steady" leans true a little less (1.5) every time. Unweighted, swing's larger mean wins the
     * pair; with an epistemic weight its evidence counts less and steady's consistent evidence decides.
     */
    @Test
    void epistemicWeightLetsSteadyEvidenceOutweighSwingingEvidence() {
        ClaimSet claims = new ClaimSet(List.of(new Claim("swing", "s", null, "g", "A"), new Claim("steady", "t", null, "g", "B")), true);
        List<PredictionTuple> tuples = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            tuples.add(SmallProblems.tuple("swing", List.of(), k % 2 == 0 ? 6 : -2));
            tuples.add(SmallProblems.tuple("steady", List.of(), 1.5));
        }
        LabelProblem p = LabelProblem.of(claims, tuples, 1.0);
        assertThat(p.uncertainty().epistemic()[0]).isGreaterThan(0.7);
        assertThat(p.uncertainty().epistemic()[1]).isZero();

        OptimizedLabels plain = LabelOptimizer.optimize(p, OptimizeOptions.defaults());
        OptimizeOptions weighted = OptimizeOptions.defaults().withEvidence(new OptimizeOptions.Evidence(10, 0));
        OptimizedLabels evidence = LabelOptimizer.optimize(p, weighted);
        assertThat(plain.labels()).containsExactly(1, 0);
        assertThat(evidence.labels()).containsExactly(0, 1);
        assertThat(evidence.probability()[1]).isGreaterThan(evidence.probability()[0]);
    }

    @Test
    void zeroWeightsGiveExactlyTheUnweightedLoss() {
        SmallProblems.Generated g = SmallProblems.pairs(4, 10, 80, 3);
        LabelProblem p = LabelProblem.of(g.claims(), g.tuples(), 1.0);
        double[] z = p.priorLogits(1.0);
        try (CoherenceLoss plain = new CoherenceLoss(p, 1.0);
             CoherenceLoss off = new CoherenceLoss(p, 1.0, new OptimizeOptions.Evidence(0, 0));
             CoherenceLoss on = new CoherenceLoss(p, 1.0, new OptimizeOptions.Evidence(2, 2))) {
            assertThat(off.evaluate(z, LossWeights.DEFAULT).loss()).isEqualTo(plain.evaluate(z, LossWeights.DEFAULT).loss());
            assertThat(on.evaluate(z, LossWeights.DEFAULT).loss()).isNotEqualTo(plain.evaluate(z, LossWeights.DEFAULT).loss());
        }
    }

    @Test
    void negativeOrNonFiniteWeightsAreBadInput() {
        assertThatThrownBy(() -> new OptimizeOptions.Evidence(-1, 0)).isInstanceOf(BadInputException.class).hasMessageContaining("--epistemic-weight");
        assertThatThrownBy(() -> new OptimizeOptions.Evidence(0, Double.NaN)).isInstanceOf(BadInputException.class).hasMessageContaining("--aleatoric-weight");
    }
}
