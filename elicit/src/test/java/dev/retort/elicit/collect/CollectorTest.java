package dev.retort.elicit.collect;

import dev.retort.core.Rng;
import dev.retort.core.RetortException;
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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollectorTest {
    private static final CollectOptions OPTIONS = new CollectOptions(5, 2, 3, 12, 0.5, 0.5, true, false, 0, 0, 0, CollectOptions.Adaptive.NEAREST_HALF);

    static ClaimSet claims() {
        List<Claim> cs = new ArrayList<>();
        String[] topics = {"water boils at 100 degrees", "the moon is made of cheese", "cats are mammals", "paris is in france",
                "the earth is flat", "humans have two lungs", "sharks are fish", "gold is a metal"};
        for (int i = 0; i < 24; i++)
            cs.add(new Claim("u" + i, "Question: is it so?\nClaim: " + topics[i % topics.length] + " (variant " + i + ").\nI think this claim is ",
                    i % 3 != 0, "q" + (i / 2), "k" + (i % 2)));
        return new ClaimSet(cs, false);
    }

    /** Answers like the local predictor, but stops working after {@code limit} calls (a server dying mid-run). */
    static final class FailingAfter implements Predictor {
        final Predictor inner;
        final int limit;
        final AtomicInteger calls = new AtomicInteger();

        FailingAfter(Predictor inner, int limit) {
            this.inner = inner;
            this.limit = limit;
        }

        @Override
        public String model() {
            return inner.model();
        }

        @Override
        public Answer predict(Query q) {
            if (calls.incrementAndGet() > limit) throw new RetortException("server went away");
            return inner.predict(q);
        }
    }

    static Set<String> keys(List<PredictionTuple> ts) {
        Set<String> s = new HashSet<>();
        for (PredictionTuple t : ts) s.add(t.questionKey());
        return s;
    }

    @Test
    void interruptedRunResumesWithoutLosingOrRepeatingAPrediction(@TempDir Path dir) throws Exception {
        ClaimSet claims = claims();
        HashingEmbedder emb = new HashingEmbedder(256);
        LocalPredictor local = new LocalPredictor(emb, claims, LocalPredictor.Params.defaults());

        Path full = dir.resolve("full.jsonl");
        Collector.Summary fullRun = new Collector(claims, local, OPTIONS, new Rng(7), n -> { }).collect(emb, full);
        List<PredictionTuple> expected = TupleLog.read(full, BadRecords.failFast());
        assertThat(fullRun.asked()).isEqualTo(expected.size()).isEqualTo(fullRun.planned());
        assertThat(keys(expected)).hasSize(expected.size());                 // no question twice
        assertThat(expected.stream().filter(t -> t.context().isEmpty())).hasSize(2 * claims.size()); // zero-shot, both framings

        Path log = dir.resolve("tuples.jsonl");
        FailingAfter dying = new FailingAfter(local, 70);                       // dies inside the group round
        assertThatThrownBy(() -> new Collector(claims, dying, OPTIONS, new Rng(7), n -> { }).collect(emb, log))
                .hasMessageContaining("--resume").hasMessageContaining("server went away");
        List<String> before = Files.readAllLines(log);
        assertThat(before).hasSize(70);
        Files.writeString(log, String.join("\n", before) + "\n{\"target_uid\":\"u1\",\"cont", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);

        Collector.Summary resumed = new Collector(claims, local, OPTIONS, new Rng(7), n -> { }).collect(emb, log);
        List<String> after = Files.readAllLines(log);
        assertThat(after.subList(0, 70)).isEqualTo(before);                    // what was logged is kept as it was
        List<PredictionTuple> got = TupleLog.read(log, BadRecords.failFast());
        assertThat(resumed.alreadyLogged()).isEqualTo(70);
        assertThat(resumed.asked()).isEqualTo(expected.size() - 70);
        assertThat(got).hasSize(expected.size());
        assertThat(keys(got)).isEqualTo(keys(expected));                       // same questions, none twice
    }

    @Test
    void sequentialModeAsksTheSameQuestionsInPlanOrder(@TempDir Path dir) {
        ClaimSet claims = claims();
        HashingEmbedder emb = new HashingEmbedder(256);
        LocalPredictor local = new LocalPredictor(emb, claims, LocalPredictor.Params.defaults());
        CollectOptions seq = new CollectOptions(5, 2, 3, 12, 0.5, 0.5, true, true, 0, 0, 0, CollectOptions.Adaptive.NEAREST_HALF);
        new Collector(claims, local, seq, new Rng(7), n -> { }).collect(emb, dir.resolve("a.jsonl"));
        new Collector(claims, local, OPTIONS, new Rng(7), n -> { }).collect(emb, dir.resolve("b.jsonl"));
        List<PredictionTuple> a = TupleLog.read(dir.resolve("a.jsonl"), BadRecords.failFast());
        assertThat(keys(a)).isEqualTo(keys(TupleLog.read(dir.resolve("b.jsonl"), BadRecords.failFast())));
        assertThat(a.getFirst().targetUid()).isEqualTo("u0");                  // zero-shot round first, in claim order
        // groups: every planned group prediction shows 3 context claims from the target's group or the anchors
        assertThat(a.stream().filter(t -> !t.context().isEmpty()).allMatch(t -> t.context().size() == 3)).isTrue();
    }

    /** A stub model whose log-odds move only with the labels shown for claims with an even number (weight 2 each). */
    private static final Predictor EVEN_LABELS_MATTER = new Predictor() {
        @Override
        public String model() {
            return "even-labels";
        }

        @Override
        public Answer predict(Query q) {
            double d = 1.5;
            for (Shown s : q.context()) if (Integer.parseInt(s.claim().uid().substring(1)) % 2 == 0) d += s.label() ? 2 : -2;
            return new Answer(-Math.log1p(Math.exp(-d)), -Math.log1p(Math.exp(d)));
        }
    };

    @Test
    void flipPairsAskMainRoundQuestionsAgainWithOneLabelFlippedAndResumeKeepsThem(@TempDir Path dir) {
        ClaimSet claims = claims();
        HashingEmbedder emb = new HashingEmbedder(256);
        CollectOptions flips = new CollectOptions(5, 2, 3, 12, 0.5, 0.5, true, false, 0, 2, 0, CollectOptions.Adaptive.NEAREST_HALF);
        Collector.Summary without = new Collector(claims, EVEN_LABELS_MATTER, OPTIONS, new Rng(7), n -> { }).collect(emb, dir.resolve("a.jsonl"));
        List<PredictionTuple> plain = TupleLog.read(dir.resolve("a.jsonl"), BadRecords.failFast());
        assertThat(dev.retort.elicit.evaluate.FlipSensitivity.pairs(plain)).isEmpty();     // the plan alone makes no pairs

        Path log = dir.resolve("b.jsonl");
        Collector.Summary with = new Collector(claims, EVEN_LABELS_MATTER, flips, new Rng(7), n -> { }).collect(emb, log);
        List<PredictionTuple> got = TupleLog.read(log, BadRecords.failFast());
        assertThat(with.planned()).isEqualTo(without.planned() + 2 * with.groups());
        var pairs = dev.retort.elicit.evaluate.FlipSensitivity.pairs(got);
        assertThat(pairs).hasSize(2 * with.groups());
        for (var p : pairs) {
            boolean relevant = Integer.parseInt(p.flippedUid().substring(1)) % 2 == 0;
            assertThat(Math.abs(p.change())).as(p.toString()).isCloseTo(relevant ? 4 : 0, org.assertj.core.api.Assertions.within(1e-9));
        }
        assertThat(keys(got)).containsAll(keys(plain));                           // the other questions are unchanged

        Collector.Summary again = new Collector(claims, EVEN_LABELS_MATTER, flips, new Rng(7), n -> { }).collect(emb, log);
        assertThat(again.asked()).isZero();                                      // planned from the seed: resume asks nothing twice
    }
}
