package dev.retort.elicit.evaluate;

import dev.retort.elicit.claims.Framing;
import dev.retort.elicit.claims.PredictionTuple;
import dev.retort.elicit.claims.PredictionTuple.Shown;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FlipSensitivityTest {
    /** A stub model: the target's log-odds move only with the label shown for claim "r" (weight 2); "x" and "y" are ignored. */
    static final Map<String, Double> BASE = Map.of("t0", 1.0, "t1", 0.2);

    static double model(String target, List<Shown> context) {
        double d = BASE.get(target);
        for (Shown s : context) if (s.uid().equals("r")) d += 2 * (s.labelShown() ? 1 : -1);
        return d;
    }

    static PredictionTuple ask(String target, Framing f, boolean... labels) {
        String[] uids = {"r", "x", "y"};
        List<Shown> context = new ArrayList<>();
        for (int k = 0; k < labels.length; k++) context.add(new Shown(uids[k], labels[k]));
        double d = model(target, context);
        return new PredictionTuple(target, context, 0, f, -Math.log1p(Math.exp(-d)), -Math.log1p(Math.exp(d)), "stub", "");
    }

    @Test
    void onlyPairsDifferingInExactlyOneLabelCountAndTheChangeIsTheModelsResponse() {
        Framing p = Framing.POSITIVE;
        List<PredictionTuple> log = List.of(
                ask("t0", p, true, true, false),    // base: d = 3
                ask("t0", p, false, true, false),   // flips r → pair, Δ = −4
                ask("t0", p, true, false, false),   // flips x → pair with the base, Δ = 0; differs from the second in two labels
                ask("t0", p, false, false, true),   // differs from every earlier one in two or more labels: no pair
                ask("t0", Framing.NEGATIVE, false, true, false)); // other framing: never paired with the positives
        List<FlipSensitivity.FlipPair> pairs = FlipSensitivity.pairs(log);
        // brute force: every i < j with the same framing and exactly one differing label
        int expected = 0;
        for (int i = 0; i < log.size(); i++)
            for (int j = i + 1; j < log.size(); j++) {
                if (log.get(i).framing() != log.get(j).framing()) continue;
                int diff = 0;
                for (int k = 0; k < 3; k++) if (log.get(i).context().get(k).labelShown() != log.get(j).context().get(k).labelShown()) diff++;
                if (diff == 1) expected++;
            }
        assertThat(pairs).hasSize(expected);
        for (FlipSensitivity.FlipPair fp : pairs) {
            double want = fp.flippedUid().equals("r") ? 4 : 0;
            assertThat(Math.abs(fp.change())).as(fp.toString()).isCloseTo(want, within(1e-9));
        }
        assertThat(pairs).extracting(FlipSensitivity.FlipPair::flippedUid).contains("r", "x");
    }

    @Test
    void pairsWithAnUnsureBaseAreLeftOutAndMeansArePerClaim() {
        Framing p = Framing.POSITIVE;
        List<PredictionTuple> log = List.of(
                ask("t0", p, true, true, false), ask("t0", p, false, true, false),    // base d = 3 (conf 0.95): Δ 4
                ask("t0", Framing.NEGATIVE, true, true, true), ask("t0", Framing.NEGATIVE, true, false, true), // base d = 3: Δ 0 (x is ignored)
                ask("t1", p, false, true, false), ask("t1", p, true, true, false),     // base d = −1.8 (conf 0.86): Δ 4
                ask("t1", List.of()));                                                  // unused: zero-shot
        FlipSensitivity s = FlipSensitivity.of(log, FlipSensitivity.DEFAULT_MIN_CONFIDENCE);
        assertThat(s.found()).isEqualTo(3);
        assertThat(s.pairs()).isEqualTo(3);
        assertThat(s.claims()).extracting(FlipSensitivity.ClaimRow::uid, FlipSensitivity.ClaimRow::pairs).containsExactly(
                org.assertj.core.groups.Tuple.tuple("t0", 2), org.assertj.core.groups.Tuple.tuple("t1", 1));
        assertThat(s.claims().get(0).meanAbsChange()).isCloseTo(2.0, within(1e-9));
        assertThat(s.meanAbsChange()).isCloseTo(8.0 / 3, within(1e-9));

        // a base with d = 0.2 + 2 − 2 … : t1 with r shown true has d = 2.2; with only x/y shown d = 0.2 (conf 0.55 < 0.6)
        List<PredictionTuple> unsure = List.of(ask2("t1", false), ask2("t1", true));
        FlipSensitivity u = FlipSensitivity.of(unsure, 0.6);
        assertThat(u.found()).isEqualTo(1);
        assertThat(u.pairs()).isZero();
        assertThat(u.meanAbsChange()).isNull();
        assertThat(FlipSensitivity.of(unsure, 0.5).pairs()).isEqualTo(1);
    }

    /** t1 shown only "x" (ignored), so the base log-odds is 0.2: confidence 0.55. */
    private static PredictionTuple ask2(String target, boolean x) {
        List<Shown> c = List.of(new Shown("x", x));
        double d = model(target, c);
        return new PredictionTuple(target, c, 0, Framing.POSITIVE, -Math.log1p(Math.exp(-d)), -Math.log1p(Math.exp(d)), "stub", "");
    }

    private static PredictionTuple ask(String target, List<Shown> context) {
        double d = model(target, context);
        return new PredictionTuple(target, context, 0, Framing.POSITIVE, -Math.log1p(Math.exp(-d)), -Math.log1p(Math.exp(d)), "stub", "");
    }
}
