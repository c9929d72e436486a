package dev.retort.elicit.predict;

import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.Framing;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPredictorTest {
    private final Claim target = new Claim("t", "Claim: red apples grow on apple trees.\nI think this claim is ", null, null, null);
    private final Claim similar = new Claim("s", "Claim: green apples grow on apple trees.\nI think this claim is ", null, null, null);
    private final Claim unrelated = new Claim("u", "Claim: the stock market closed higher on friday.\nI think this claim is ", null, null, null);
    private final LocalPredictor p = new LocalPredictor(new HashingEmbedder(512), new ClaimSet(List.of(target, similar, unrelated), false),
            LocalPredictor.Params.defaults());

    private double logOdds(List<Predictor.Shown> ctx, Framing f) {
        Predictor.Answer a = p.predict(new Predictor.Query(target, ctx, f));
        assertThat(Math.exp(a.logpTrue()) + Math.exp(a.logpFalse())).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        return a.logpTrue() - a.logpFalse();
    }

    @Test
    void followsTheLabelsOfSimilarClaimsMoreThanOfUnrelatedOnes() {
        double zeroShot = logOdds(List.of(), Framing.POSITIVE);
        double similarTrue = logOdds(List.of(new Predictor.Shown(similar, true), new Predictor.Shown(unrelated, false)), Framing.POSITIVE);
        double similarFalse = logOdds(List.of(new Predictor.Shown(similar, false), new Predictor.Shown(unrelated, true)), Framing.POSITIVE);
        assertThat(similarTrue).isGreaterThan(zeroShot).isGreaterThan(similarFalse);
        assertThat(similarFalse).isLessThan(zeroShot);
        assertThat(logOdds(List.of(), Framing.NEGATIVE)).isEqualTo(zeroShot);   // no framing bias
    }
}
