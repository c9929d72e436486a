package dev.retort.elicit.claims;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class UncertaintyTest {
    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static PredictionTuple answer(String target, Framing framing, double d) {
        return new PredictionTuple(target, List.of(), 0, framing, Math.log(sigmoid(d)), Math.log(sigmoid(-d)), "test", "");
    }

    /** Values against the definitions, worked by hand for four claims. */
    @Test
    void epistemicIsTheSpreadOfAnswersAndAleatoricTheChanceOfFailingAConsistencyCheck() {
        ClaimSet claims = new ClaimSet(List.of(
                new Claim("steady", "s", null, null, null),
                new Claim("torn", "t", null, null, null),
                new Claim("a", "pair a", null, "g", "A"),
                new Claim("b", "pair b", null, "g", "B"),
                new Claim("none", "no tuples", null, "g", "C")), true);
        List<PredictionTuple> ts = new ArrayList<>();
        for (int k = 0; k < 4; k++) ts.add(answer("steady", Framing.POSITIVE, 2.0));          // same answer every time
        ts.add(answer("torn", Framing.POSITIVE, 3.0));                                       // yes when asked one way,
        ts.add(answer("torn", Framing.NEGATIVE, -3.0));                                      // no the other way
        ts.add(answer("a", Framing.POSITIVE, 1.0));
        ts.add(answer("b", Framing.POSITIVE, 1.0));                                          // both of an exactly-one pair lean true
        ts.add(answer("not a claim", Framing.POSITIVE, 5.0));                                // ignored
        Uncertainty u = Uncertainty.measure(claims, ts);

        assertThat(u.epistemic()[0]).isCloseTo(0, offset(1e-12));
        assertThat(u.aleatoric()[0]).isZero();                                               // one framing, no group: no check
        double p = sigmoid(3), q = sigmoid(-3);
        assertThat(u.epistemic()[1]).isCloseTo(4 * ((p * p + q * q) / 2 - 0.25), offset(1e-12));
        assertThat(u.aleatoric()[1]).isCloseTo(p * (1 - q) + (1 - p) * q, offset(1e-12));  // framing check fails almost surely
        double s = sigmoid(1);
        assertThat(u.aleatoric()[2]).isCloseTo(s * s + (1 - s) * (1 - s), offset(1e-12));  // both true or both false
        assertThat(u.aleatoric()[3]).isEqualTo(u.aleatoric()[2]);
        assertThat(u.epistemic()[2]).isZero();                                               // one tuple: no spread measured
        assertThat(u.tuples()).containsExactly(4, 2, 1, 1, 0);
        assertThat(u.aleatoric()[4]).isZero();
        assertThat(u.meanOverCovered(u.aleatoric())).isCloseTo((u.aleatoric()[1] + 2 * u.aleatoric()[2]) / 4, offset(1e-12));
    }

    @Test
    void sameKeyClaimsFailWhenTheyDifferAndOtherDataSetsDoNotCountBothFalse() {
        ClaimSet claims = new ClaimSet(List.of(new Claim("x", "x", null, "g", "K"), new Claim("y", "y", null, "g", "K"),
                new Claim("z", "z", null, "g", "L")), false);
        Uncertainty u = Uncertainty.measure(claims, List.of(answer("x", Framing.POSITIVE, 2), answer("y", Framing.POSITIVE, -2),
                answer("z", Framing.POSITIVE, -2)));
        double hi = sigmoid(2), lo = sigmoid(-2);
        double xy = hi * (1 - lo) + (1 - hi) * lo, xz = hi * lo, yz = lo * lo;            // not both false: no check here
        assertThat(u.aleatoric()[0]).isCloseTo((xy + xz) / 2, offset(1e-12));
        assertThat(u.aleatoric()[1]).isCloseTo((xy + yz) / 2, offset(1e-12));
        assertThat(u.aleatoric()[2]).isCloseTo((xz + yz) / 2, offset(1e-12));
    }
}
