package dev.retort.elicit.collect;

import dev.retort.core.Rng;
import dev.retort.core.io.BadRecords;
import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.PredictionTuple;
import dev.retort.elicit.claims.TupleLog;
import dev.retort.elicit.predict.HashingEmbedder;
import dev.retort.elicit.predict.LocalPredictor;
import dev.retort.elicit.predict.Predictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The second regrouping round and adaptive budgets that follow measured uncertainty. */
class CollectRoundsTest {

    private static CollectOptions options(int regroupBudget, CollectOptions.Adaptive adaptiveBy) {
        return new CollectOptions(5, 2, 3, 12, 0.5, 0.5, true, false, 0, 0, regroupBudget, adaptiveBy);
    }

    @Test
    void regroupedClaimsMeetNeighboursFromOtherFirstRoundGroups() {
        Rng r = new Rng(3);
        float[][] v = new float[60][8];
        for (float[] row : v) {
            double norm = 0;
            for (int d = 0; d < row.length; d++) norm += (row[d] = (float) r.nextGaussian()) * row[d];
            for (int d = 0; d < row.length; d++) row[d] /= (float) Math.sqrt(norm);
        }
        ClaimGroups first = ClaimGroups.build(v, 6, 2, r.fork("a"));
        ClaimGroups second = first.regroup(v, 6, r.fork("b"));
        assertThat(second.anchors()).isEqualTo(first.anchors());
        assertThat(second.groups().stream().mapToInt(g -> g.length).sum()).isEqualTo(60);
        assertThat(second.groups().stream().flatMapToInt(java.util.Arrays::stream).distinct().count()).isEqualTo(60);
        int[] firstGroup = new int[60];
        for (int g = 0; g < first.groups().size(); g++) for (int m : first.groups().get(g)) firstGroup[m] = g;
        int pairs = 0, again = 0;
        for (int[] g : second.groups())
            for (int a = 0; a < g.length; a++)
                for (int b = a + 1; b < g.length; b++) {
                    pairs++;
                    if (firstGroup[g[a]] == firstGroup[g[b]]) again++;
                }
        assertThat(again).as("pairs grouped together in both rounds, of " + pairs).isLessThanOrEqualTo(pairs / 10);
    }

    @Test
    void regroupRoundAsksASecondBudgetOverNewGroupsAndResumesWithoutRepeats(@TempDir Path dir) throws Exception {
        ClaimSet claims = CollectorTest.claims();
        HashingEmbedder emb = new HashingEmbedder(256);
        LocalPredictor local = new LocalPredictor(emb, claims, LocalPredictor.Params.defaults());
        CollectOptions regroup = options(4, CollectOptions.Adaptive.NEAREST_HALF);
        Collector.Summary plain = new Collector(claims, local, options(0, CollectOptions.Adaptive.NEAREST_HALF), new Rng(7), n -> { })
                .collect(emb, dir.resolve("plain.jsonl"));
        Collector.Summary full = new Collector(claims, local, regroup, new Rng(7), n -> { }).collect(emb, dir.resolve("full.jsonl"));
        List<PredictionTuple> expected = TupleLog.read(dir.resolve("full.jsonl"), BadRecords.failFast());
        assertThat(plain.plannedByRound()).doesNotContainKey("regroup");
        int regrouped = full.plannedByRound().get("regroup");
        assertThat(regrouped).isEqualTo(4 * full.groups());
        assertThat(full.planned()).isEqualTo(plain.planned() + regrouped);
        List<PredictionTuple> second = expected.stream().filter(t -> t.order() >= 12 && t.order() < 16).toList();
        assertThat(second).hasSize(regrouped);
        Set<String> mainPairs = pairs(expected.stream().filter(t -> t.order() < 12).toList());
        assertThat(pairs(second).stream().filter(p -> !mainPairs.contains(p)).count())
                .as("target/context pairs the main round never showed").isGreaterThan(pairs(second).size() / 2);

        Path log = dir.resolve("tuples.jsonl");
        int cut = 2 * claims.size() + 12 * full.groups() + 5;                   // dies inside the regroup round
        assertThatThrownBy(() -> new Collector(claims, new CollectorTest.FailingAfter(local, cut), regroup, new Rng(7), n -> { }).collect(emb, log))
                .hasMessageContaining("--resume");
        assertThat(Files.readAllLines(log)).hasSize(cut);
        Collector.Summary resumed = new Collector(claims, local, regroup, new Rng(7), n -> { }).collect(emb, log);
        assertThat(resumed.alreadyLogged()).isEqualTo(cut);
        List<PredictionTuple> got = TupleLog.read(log, BadRecords.failFast());
        assertThat(got).hasSize(expected.size());
        assertThat(CollectorTest.keys(got)).isEqualTo(CollectorTest.keys(expected));
    }

    private static Set<String> pairs(List<PredictionTuple> ts) {
        Set<String> s = new HashSet<>();
        for (PredictionTuple t : ts) for (PredictionTuple.Shown c : t.context()) s.add(t.targetUid() + "~" + c.uid());
        return s;
    }

    /**
     * Two topics that the hashing embedder keeps apart (two groups each): the model answers "alpha" claims +4 or −2
     * depending on the context (answers that disagree: epistemic uncertainty on top of framing failures) and "zulu"
     * claims exactly ½ every time (only the framing check fails, half the time). Nearest-half gives the extra round's
     * 2 × 6 predictions to the zulu groups, whose mean answer is ½ exactly; uncertainty spreads them over all four
     * groups in proportion to the measured uncertainty (alpha ≈ 1, zulu 0.5), so most go to the alpha groups.
     */
    @Test
    void uncertaintyBudgetsFollowTheMeasuredSpreadOfAnswers(@TempDir Path dir) {
        List<Claim> cs = new ArrayList<>();
        for (int i = 0; i < 12; i++) cs.add(new Claim("a" + i, "alpha beta gamma delta epsilon claim " + i, null, null, null));
        for (int i = 0; i < 12; i++) cs.add(new Claim("z" + i, "zulu yankee xray whiskey victor claim " + i, null, null, null));
        ClaimSet claims = new ClaimSet(cs, false);
        Predictor topical = new Predictor() {
            @Override
            public String model() {
                return "topical";
            }

            @Override
            public Answer predict(Query q) {
                double d = q.target().uid().startsWith("a") ? (Math.floorMod(q.context().hashCode() + q.framing().ordinal(), 2) == 0 ? 4 : -2) : 0;
                return new Answer(-Math.log1p(Math.exp(-d)), -Math.log1p(Math.exp(d)));
            }
        };
        HashingEmbedder emb = new HashingEmbedder(256);
        long[] alpha = new long[2];
        for (CollectOptions.Adaptive mode : CollectOptions.Adaptive.values()) {
            CollectOptions o = new CollectOptions(6, 0, 3, 12, 0.5, 0.5, true, true, 0, 0, 0, mode);
            Path log = dir.resolve(mode + ".jsonl");
            Collector.Summary s = new Collector(claims, topical, o, new Rng(5), n -> { }).collect(emb, log);
            assertThat(s.groups()).isEqualTo(4);
            assertThat(s.plannedByRound().get("adaptive")).isEqualTo(2 * 6);
            alpha[mode.ordinal()] = TupleLog.read(log, BadRecords.failFast()).stream()
                    .filter(t -> t.order() >= 12 && t.targetUid().startsWith("a")).count();
        }
        assertThat(alpha[CollectOptions.Adaptive.NEAREST_HALF.ordinal()]).as("nearest-half: alpha questions of 12").isZero();
        assertThat(alpha[CollectOptions.Adaptive.UNCERTAINTY.ordinal()]).as("uncertainty: alpha questions of 12").isBetween(7L, 11L);
    }

    @Test
    void largestRemainderSplitsInProportionAndSumsToTheTotal() {
        assertThat(Apportion.largestRemainder(new double[]{3, 1, 0}, 8)).containsExactly(6, 2, 0);
        assertThat(Apportion.largestRemainder(new double[]{1, 1, 1}, 7)).containsExactly(3, 2, 2);
        assertThat(Apportion.largestRemainder(new double[]{0, 0}, 5)).containsExactly(3, 2);
        assertThat(Apportion.largestRemainder(new double[]{0.2, 0.5, 0.3}, 0)).containsExactly(0, 0, 0);
    }
}
