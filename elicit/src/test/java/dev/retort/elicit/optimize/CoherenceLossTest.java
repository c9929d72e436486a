package dev.retort.elicit.optimize;

import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.Framing;
import dev.retort.elicit.claims.PredictionTuple;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CoherenceLossTest {
    private static final LossWeights OFF = new LossWeights(0, 0, 0, 0, 0);

    /** Pairs plus a group with a repeated key (equal rule), empty contexts and a claim without tuples. */
    private static LabelProblem mixedProblem(long seed) {
        SmallProblems.Generated g = SmallProblems.pairs(seed, 12, 120, 4);
        List<Claim> claims = new ArrayList<>(g.claims().claims());
        claims.add(new Claim("s1", "same answer 1", true, "gs", "42"));
        claims.add(new Claim("s2", "same answer 2", true, "gs", "42"));
        claims.add(new Claim("s3", "other answer", false, "gs", "7"));
        claims.add(new Claim("lonely", "no tuples", null, null, null));
        List<PredictionTuple> tuples = new ArrayList<>(g.tuples());
        Random r = new Random(seed);
        for (String s : List.of("s1", "s2", "s3")) {
            tuples.add(SmallProblems.tuple(s, List.of(), r.nextGaussian()));
            tuples.add(SmallProblems.tuple(s, List.of(new PredictionTuple.Shown("c0", true), new PredictionTuple.Shown("s1", false)), 2 * r.nextGaussian()));
        }
        return LabelProblem.of(new ClaimSet(claims, true), tuples, 0.5);
    }

    /** Without and with evidence weights (which reweight the prior and mutual terms per claim). */
    @Test
    void gradientOfEveryTermMatchesFiniteDifferences() {
        LabelProblem p = mixedProblem(3);
        assertThat(p.constraintCount()).isGreaterThan(12);
        assertThat(p.ranked[0].length).isGreaterThan(0);
        Random r = new Random(11);
        double[] z = new double[p.n];
        for (int i = 0; i < z.length; i++) z[i] = 3 * r.nextGaussian();
        for (OptimizeOptions.Evidence evidence : List.of(OptimizeOptions.Evidence.OFF, new OptimizeOptions.Evidence(3, 5)))
            try (CoherenceLoss loss = new CoherenceLoss(p, 1.3, evidence)) {
                checkGradients(loss, z);
            }
    }

    private static void checkGradients(CoherenceLoss loss, double[] z) {
        for (LossWeights.Term term : LossWeights.Term.values()) {
            LossWeights only = OFF.with(term, 1.0);
            double[] grad = loss.evaluate(z, only).gradient();
            double h = 1e-6, worst = 0, scale = 0;
            for (int i = 0; i < z.length; i++) {
                double[] plus = z.clone(), minus = z.clone();
                plus[i] += h;
                minus[i] -= h;
                double fd = (loss.evaluate(plus, only).loss() - loss.evaluate(minus, only).loss()) / (2 * h);
                worst = Math.max(worst, Math.abs(fd - grad[i]));
                scale = Math.max(scale, Math.abs(grad[i]));
            }
            assertThat(scale).as(term + " has a non-zero gradient").isGreaterThan(1e-6);
            assertThat(worst).as(term + ": max |finite difference − gradient|").isLessThan(1e-6 * Math.max(1, scale));
        }
    }

    /** The tensor code against the definitions written out per tuple and per pair in plain Java. */
    @Test
    void everyTermEqualsItsDefinitionComputedTupleByTuple() {
        LabelProblem p = mixedProblem(7);
        Random r = new Random(5);
        double[] z = new double[p.n];
        for (int i = 0; i < z.length; i++) z[i] = 4 * r.nextGaussian();
        double temperature = 1.3;
        double[] expected = definitions(p, z, temperature);
        LossWeights weights = new LossWeights(0.7, 1.9, 0.4, 2.3, 0.3);
        try (CoherenceLoss loss = new CoherenceLoss(p, temperature)) {
            CoherenceLoss.Result res = loss.evaluate(z, weights);
            double total = 0;
            for (LossWeights.Term t : LossWeights.Term.values()) {
                assertThat(res.terms()[t.ordinal()]).as(t.key()).isCloseTo(expected[t.ordinal()], org.assertj.core.data.Offset.offset(1e-12));
                total += weights.get(t) * expected[t.ordinal()];
            }
            assertThat(res.loss()).isCloseTo(total, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void resultSaysWhetherTheOptimizerConvergedOrStoppedAtItsIterationCap() {
        LabelProblem p = mixedProblem(9);
        OptimizedLabels capped = LabelOptimizer.optimize(p, new OptimizeOptions(LossWeights.DEFAULT, OptimizeOptions.Method.LBFGS, 1.0, 1, 1.0, 1.0, OptimizeOptions.Evidence.OFF));
        assertThat(capped.stop()).isEqualTo(OptimizedLabels.Stop.ITERATION_CAP);
        assertThat(capped.converged()).isFalse();
        OptimizedLabels full = LabelOptimizer.optimize(p, new OptimizeOptions(LossWeights.DEFAULT, OptimizeOptions.Method.LBFGS, 1.0, 500, 1.0, 1.0, OptimizeOptions.Evidence.OFF));
        assertThat(full.stop()).isEqualTo(OptimizedLabels.Stop.CONVERGED);
        assertThat(full.lossHistory().size()).isLessThan(500 / LabelOptimizer.LBFGS_CHUNK);
        OptimizedLabels adam = LabelOptimizer.optimize(p, new OptimizeOptions(LossWeights.DEFAULT, OptimizeOptions.Method.ADAMW, 1.0, 20, 0.05, 1.0, OptimizeOptions.Evidence.OFF));
        assertThat(adam.stop()).isEqualTo(OptimizedLabels.Stop.ITERATION_CAP);
        assertThat(LabelOptimizer.prior(p, 1.0).stop()).isEqualTo(OptimizedLabels.Stop.NONE);
    }

    @Test
    void adamWLowersTheLossFromThePrior() {
        LabelProblem p = mixedProblem(9);
        OptimizeOptions adam = new OptimizeOptions(LossWeights.DEFAULT, OptimizeOptions.Method.ADAMW, 1.0, 60, 0.05, 1.0, OptimizeOptions.Evidence.OFF);
        OptimizedLabels res = LabelOptimizer.optimize(p, adam);
        assertThat(res.evaluations()).isEqualTo(60);
        assertThat(res.lossHistory().getLast()).isLessThan(res.lossHistory().getFirst());
    }

    @Test
    void termsStayFiniteAndBoundedOnAdversarialInputs() {
        List<Claim> claims = List.of(new Claim("a", "a", true, "g", "A"), new Claim("b", "b", false, "g", "B"),
                new Claim("c", "c", null, null, null));
        List<PredictionTuple> tuples = new ArrayList<>();
        List<PredictionTuple.Shown> agree = List.of(new PredictionTuple.Shown("b", true), new PredictionTuple.Shown("c", true));
        List<PredictionTuple.Shown> disagree = List.of(new PredictionTuple.Shown("b", false), new PredictionTuple.Shown("c", false));
        for (int k = 0; k < 5; k++) {
            tuples.add(new PredictionTuple("a", agree, k, Framing.POSITIVE, -1000, 0, "m", ""));    // log-odds −1000
            tuples.add(new PredictionTuple("b", disagree, k, Framing.NEGATIVE, 0, -1000, "m", ""));  // log-odds +1000
            tuples.add(new PredictionTuple("c", List.of(), k, Framing.POSITIVE, -0.7, -0.7, "m", "")); // empty context, tie
        }
        LabelProblem p = LabelProblem.of(new ClaimSet(claims, true), tuples, 1.0);
        LossWeights all = new LossWeights(1, 1, 1, 1, 1);
        try (CoherenceLoss loss = new CoherenceLoss(p, 1.0)) {
            for (double[] z : List.of(new double[]{0, 0, 0}, new double[]{1e4, 1e4, 1e4}, new double[]{-1e4, -1e4, -1e4},
                    new double[]{1e4, -1e4, 1e4}, new double[]{-1e300, 1e300, 0})) {
                CoherenceLoss.Result res = loss.evaluate(z, all);
                assertThat(res.loss()).as("loss at %s", java.util.Arrays.toString(z)).isFinite();
                for (double gr : res.gradient()) assertThat(gr).isFinite();
                assertThat(res.terms()[LossWeights.Term.PRIOR.ordinal()]).isBetween(0.0, 10.0 + Math.log(2) + 1e-9);
                assertThat(res.terms()[LossWeights.Term.MUTUAL.ordinal()]).isBetween(0.0, -Math.log(LabelProblem.LIKELIHOOD_FLOOR) + 1e-9);
                assertThat(res.terms()[LossWeights.Term.RANKING.ordinal()]).isBetween(0.0, Math.pow(1 + CoherenceLoss.RANK_MARGIN, 2));
                assertThat(res.terms()[LossWeights.Term.CONSISTENCY.ordinal()]).isBetween(0.0, 1.0);
                assertThat(res.terms()[LossWeights.Term.ENTROPY.ordinal()]).isBetween(0.0, 1.0 + 1e-12);
            }
        }
        OptimizedLabels res = LabelOptimizer.optimize(p, OptimizeOptions.defaults().withWeights(all));
        for (double q : res.probability()) assertThat(q).isBetween(0.0, 1.0);
        assertThat(res.loss()).isFinite();
    }

    @Test
    void problemWithoutTuplesOrConstraintsIsFinite() {
        LabelProblem p = LabelProblem.of(new ClaimSet(List.of(new Claim("x", "x", true, null, null)), false), List.of(), 1.0);
        try (CoherenceLoss loss = new CoherenceLoss(p, 1.0)) {
            CoherenceLoss.Result r = loss.evaluate(new double[]{0.3}, new LossWeights(1, 1, 1, 1, 1));
            assertThat(r.loss()).isFinite();
            assertThat(r.terms()[LossWeights.Term.MUTUAL.ordinal()]).isZero();
        }
    }

    /**
     * The plain −mean(w·ℓ) is lowest when the labels contradict every shown context label (w → 0); the
     * normalized form must not be: it is unchanged when all of a claim's weights shrink together, and the
     * contradicting labels score worse than the true ones.
     */
    @Test
    void mutualPredictabilityHasNoEscapeThroughVanishingWeights() {
        SmallProblems.Generated g = SmallProblems.pairs(5, 40, 1600, 6);
        LabelProblem p = LabelProblem.of(g.claims(), g.tuples(), 1.0);
        double[] truth = new double[p.n], contrary = new double[p.n];
        for (int i = 0; i < p.n; i++) {
            truth[i] = g.gold()[i] == 1 ? 8 : -8;
            contrary[i] = -truth[i];   // every shown label that was right is now contradicted, and vice versa
        }
        LossWeights mutualOnly = OFF.with(LossWeights.Term.MUTUAL, 1);
        try (CoherenceLoss loss = new CoherenceLoss(p, 1.0)) {
            double normTruth = loss.evaluate(truth, mutualOnly).loss();
            double normContrary = loss.evaluate(contrary, mutualOnly).loss();
            double plainTruth = plainMutual(p, truth), plainContrary = plainMutual(p, contrary);
            assertThat(plainContrary).as("the plain form has the escape (the test can see it)").isLessThan(plainTruth);
            assertThat(normContrary).as("the normalized form has none").isGreaterThan(normTruth);
        }
        // and optimizing prior + mutual from the prior does not fall below the prior's accuracy
        OptimizedLabels prior = LabelOptimizer.prior(p, 1.0);
        OptimizedLabels mutual = LabelOptimizer.optimize(p, OptimizeOptions.defaults().withWeights(new LossWeights(1, 2, 0, 0, 0)));
        assertThat(accuracy(g.gold(), mutual.probability())).isGreaterThanOrEqualTo(accuracy(g.gold(), prior.probability()));
    }

    @Test
    void scalingEveryWeightOfAClaimLeavesTheNormalizedTermUnchanged() {
        // Adding a context entry shown "true" for a claim with q≈1 multiplies every w of those tuples by ≈1;
        // shown "false" multiplies them by ≈σ(−8) — but for all of that claim's tuples alike.
        List<Claim> claims = List.of(new Claim("t", "t", true, null, null), new Claim("c", "c", true, null, null),
                new Claim("u", "u", true, null, null));
        List<PredictionTuple> base = List.of(
                SmallProblems.tuple("t", List.of(new PredictionTuple.Shown("u", true)), 2.0),
                SmallProblems.tuple("t", List.of(new PredictionTuple.Shown("u", false)), -1.0));
        List<PredictionTuple> scaled = new ArrayList<>();
        for (PredictionTuple t : base) {
            List<PredictionTuple.Shown> ctx = new ArrayList<>(t.context());
            ctx.add(new PredictionTuple.Shown("c", false));
            scaled.add(SmallProblems.tuple("t", ctx, t.logOdds()));
        }
        double[] z = {0.4, 8, 1.1};
        LossWeights mutualOnly = OFF.with(LossWeights.Term.MUTUAL, 1);
        try (CoherenceLoss a = new CoherenceLoss(LabelProblem.of(new ClaimSet(claims, false), base, 1), 1);
             CoherenceLoss b = new CoherenceLoss(LabelProblem.of(new ClaimSet(claims, false), scaled, 1), 1)) {
            assertThat(b.evaluate(z, mutualOnly).loss()).isCloseTo(a.evaluate(z, mutualOnly).loss(), org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    /** Each term's value by its definition (class comment of {@link CoherenceLoss}), one tuple and one pair at a time. */
    private static double[] definitions(LabelProblem p, double[] z, double temperature) {
        double[] q = new double[p.n], logit = p.priorLogits(temperature);
        double prior = 0, entropy = 0;
        for (int i = 0; i < p.n; i++) {
            q[i] = 1 / (1 + Math.exp(-CoherenceLoss.SQUASH * Math.tanh(z[i] / CoherenceLoss.SQUASH)));
            double pr = 1 / (1 + Math.exp(-logit[i]));
            prior += pr * Math.log(pr / q[i]) + (1 - pr) * Math.log((1 - pr) / (1 - q[i]));
            entropy -= (q[i] * Math.log(q[i]) + (1 - q[i]) * Math.log(1 - q[i])) / Math.log(2);
        }
        double[] w = new double[p.k];
        java.util.Arrays.fill(w, 1);
        for (int e = 0; e < p.ctxClaim.length; e++) {
            double qc = q[(int) p.ctxClaim[e]];
            w[(int) p.ctxTuple[e]] *= p.ctxShown[e] == 1 ? qc : 1 - qc;
        }
        double[][] ll = p.floorLogLikelihoods();
        double[] num = new double[p.n], den = new double[p.n];
        for (int t = 0; t < p.k; t++) {
            int i = (int) p.target[t];
            num[i] += w[t] * (q[i] * ll[0][t] + (1 - q[i]) * ll[1][t]);
            den[i] += w[t];
        }
        double mutual = 0;
        for (int i = 0; i < p.n; i++) if (den[i] > 0) mutual -= num[i] / den[i] / p.coveredClaims();
        double ranking = 0;
        for (int e = 0; e < p.ranked[0].length; e++) {
            double h = Math.max(0, CoherenceLoss.RANK_MARGIN - (q[(int) p.ranked[0][e]] - q[(int) p.ranked[1][e]]));
            ranking += h * h / p.ranked[0].length;
        }
        double consistency = 0;
        for (int e = 0; e < p.equal[0].length; e++) consistency += Math.pow(q[(int) p.equal[0][e]] - q[(int) p.equal[1][e]], 2);
        for (int e = 0; e < p.notBothTrue[0].length; e++) consistency += q[(int) p.notBothTrue[0][e]] * q[(int) p.notBothTrue[1][e]];
        for (int e = 0; e < p.notBothFalse[0].length; e++) consistency += (1 - q[(int) p.notBothFalse[0][e]]) * (1 - q[(int) p.notBothFalse[1][e]]);
        double[] out = new double[LossWeights.Term.values().length];
        out[LossWeights.Term.PRIOR.ordinal()] = prior / p.n;
        out[LossWeights.Term.MUTUAL.ordinal()] = mutual;
        out[LossWeights.Term.RANKING.ordinal()] = ranking;
        out[LossWeights.Term.CONSISTENCY.ordinal()] = consistency / p.constraintCount();
        out[LossWeights.Term.ENTROPY.ordinal()] = entropy / p.n;
        return out;
    }

    /** −(1/K) Σ_k w_k ℓ_k with the same w and ℓ as the loss, in plain Java: the form with the escape. */
    private static double plainMutual(LabelProblem p, double[] z) {
        double[] lq = new double[p.n], l1q = new double[p.n], q = new double[p.n];
        for (int i = 0; i < p.n; i++) {
            double zc = CoherenceLoss.SQUASH * Math.tanh(z[i] / CoherenceLoss.SQUASH);
            lq[i] = SmallProblems.logSigmoid(zc);
            l1q[i] = SmallProblems.logSigmoid(-zc);
            q[i] = Math.exp(lq[i]);
        }
        double[] logW = new double[p.k];
        for (int e = 0; e < p.ctxClaim.length; e++) {
            int c = (int) p.ctxClaim[e];
            logW[(int) p.ctxTuple[e]] += p.ctxShown[e] == 1 ? lq[c] : l1q[c];
        }
        double[][] ll = p.floorLogLikelihoods();
        double s = 0;
        for (int t = 0; t < p.k; t++) {
            int i = (int) p.target[t];
            s += Math.exp(logW[t]) * (q[i] * ll[0][t] + (1 - q[i]) * ll[1][t]);
        }
        return -s / p.k;
    }

    private static double accuracy(int[] gold, double[] q) {
        int right = 0;
        for (int i = 0; i < gold.length; i++) if ((q[i] > 0.5) == (gold[i] == 1)) right++;
        return (double) right / gold.length;
    }
}
