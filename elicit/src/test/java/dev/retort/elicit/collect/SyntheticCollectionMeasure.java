package dev.retort.elicit.collect;

import dev.retort.core.Rng;
import dev.retort.core.io.BadRecords;
import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.PredictionTuple;
import dev.retort.elicit.claims.TupleLog;
import dev.retort.elicit.evaluate.Evaluation;
import dev.retort.elicit.optimize.LabelOptimizer;
import dev.retort.elicit.optimize.LabelProblem;
import dev.retort.elicit.optimize.OptimizeOptions;
import dev.retort.elicit.predict.HashingEmbedder;
import dev.retort.elicit.predict.Predictor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measurement, not a check (tag slow, excluded by default): the collection options of #18 on the synthetic problem,
 * collected live. The model follows the story of bench/elicit/generate_synthetic.py — 1,580 claims in 790 pairs (one
 * true, keys A/B independent of the label), log-odds d = (2y−1)(a_t + 1.5·(2g−1)) + 0.5·(2·last shown − 1) + 0.5·(±1
 * framing) + 1.5·N(0,1), a_t ∼ N(0.29, 1.5), g the share of shown labels that are right (½ and no last-label term
 * with no context) — but answers whatever context the collector shows, with a noise draw fixed per question. Claims
 * are grouped with the hashing embedder. Each row: a collection, then the default optimizer (exactly-one) and the
 * evidence-weighted one. Run:
 * <pre>./mvnw -q -o -pl elicit -am verify -Dtest=SyntheticCollectionMeasure -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.excludedGroups= -Delicit.seeds=1,2,3</pre>
 * and read elicit/target/synthetic-collection-measure.txt.
 */
@Tag("slow")
class SyntheticCollectionMeasure {
    private static final int PAIRS = 790;

    /** The simulated model of the synthetic problem, answering live. */
    record SyntheticModel(Map<String, Integer> gold, Map<String, Double> difficulty, long seed) implements Predictor {
        static SyntheticModel of(ClaimSet claims, long seed) {
            Rng r = new Rng(seed).fork("difficulty");
            Map<String, Integer> y = new LinkedHashMap<>();
            Map<String, Double> a = new LinkedHashMap<>();
            for (Claim c : claims.claims()) {
                y.put(c.uid(), c.label() ? 1 : 0);
                a.put(c.uid(), 0.29 + 1.5 * r.nextGaussian());
            }
            return new SyntheticModel(y, a, seed);
        }

        @Override
        public String model() {
            return "synthetic-live";
        }

        @Override
        public Answer predict(Query q) {
            StringBuilder key = new StringBuilder(q.target().uid()).append(q.framing());
            int right = 0;
            for (Shown s : q.context()) {
                key.append('|').append(s.claim().uid()).append(s.label());
                if ((s.label() ? 1 : 0) == gold.get(s.claim().uid())) right++;
            }
            double g = q.context().isEmpty() ? 0.5 : (double) right / q.context().size();
            double last = q.context().isEmpty() ? 0 : q.context().getLast().label() ? 0.5 : -0.5;
            double sign = 2 * gold.get(q.target().uid()) - 1;
            double d = sign * (difficulty.get(q.target().uid()) + 1.5 * (2 * g - 1)) + last
                    + (q.framing() == dev.retort.elicit.claims.Framing.POSITIVE ? 0.5 : -0.5)
                    + 1.5 * new Rng(seed).fork(key.toString()).nextGaussian();
            return new Answer(-Math.log1p(Math.exp(-d)), -Math.log1p(Math.exp(d)));
        }
    }

    static ClaimSet claims(long seed) {
        Rng r = new Rng(seed).fork("claims");
        List<Claim> cs = new ArrayList<>();
        for (int p = 0; p < PAIRS; p++) {
            boolean firstTrue = r.nextDouble() < 0.5, firstKeyA = r.nextDouble() < 0.5;
            for (int k = 0; k < 2; k++) {
                int i = 2 * p + k;
                cs.add(new Claim(String.format(Locale.ROOT, "c%04d", i), "Synthetic claim " + i + " of pair " + p + ".\nI think this claim is ",
                        (k == 0) == firstTrue, String.format(Locale.ROOT, "g%03d", p), (k == 0) == firstKeyA ? "A" : "B"));
            }
        }
        return new ClaimSet(cs, true);
    }

    @Test
    void measure(@TempDir Path dir) throws Exception {
        Map<String, CollectOptions> configs = new LinkedHashMap<>();
        CollectOptions d = CollectOptions.defaults();
        configs.put("defaults (budget 60, adaptive nearest-half)", d);
        configs.put("--adaptive-by uncertainty", with(d, d.budgetPerGroup(), d.adaptiveFactor(), 0, CollectOptions.Adaptive.UNCERTAINTY));
        configs.put("--budget 30 --adaptive-factor 1 (half the main round)", with(d, 30, 1.0, 0, CollectOptions.Adaptive.NEAREST_HALF));
        configs.put("--budget 30 --adaptive-factor 1 --regroup-budget 30", with(d, 30, 1.0, 30, CollectOptions.Adaptive.NEAREST_HALF));
        configs.put("--budget 30 --adaptive-factor 1 --regroup-budget 30 --adaptive-by uncertainty", with(d, 30, 1.0, 30, CollectOptions.Adaptive.UNCERTAINTY));
        Map<String, OptimizeOptions.Evidence> evidence = new LinkedHashMap<>();
        evidence.put("off", OptimizeOptions.Evidence.OFF);
        evidence.put("epistemic 2", new OptimizeOptions.Evidence(2, 0));
        evidence.put("aleatoric 2", new OptimizeOptions.Evidence(0, 2));
        evidence.put("both 2", new OptimizeOptions.Evidence(2, 2));
        List<String> lines = new ArrayList<>();
        lines.add("seed\tcollection\tpredictions\tevidence\toptimized\tprior argmax\tprior + fix\tmean epistemic\tmean aleatoric");
        for (String s : System.getProperty("elicit.seeds", "1").split(",")) {
            long seed = Long.parseLong(s.trim());
            ClaimSet claims = claims(seed);
            SyntheticModel model = SyntheticModel.of(claims, seed);
            for (var c : configs.entrySet()) {
                Path log = dir.resolve(seed + "-" + lines.size() + ".jsonl");
                new Collector(claims, model, c.getValue(), new Rng(seed).fork("collect"), n -> { }).collect(new HashingEmbedder(256), log);
                List<PredictionTuple> tuples = TupleLog.read(log, BadRecords.failFast());
                LabelProblem problem = LabelProblem.of(claims, tuples, 1.0);
                for (var e : evidence.entrySet()) {
                    if (!e.getKey().equals("off") && !c.getValue().equals(d)) continue;   // evidence weights on the default collection only
                    OptimizeOptions o = OptimizeOptions.defaults().withEvidence(e.getValue());
                    List<Evaluation.Row> rows = Evaluation.compare(problem, "optimized", LabelOptimizer.optimize(problem, o), 1.0);
                    String line = String.format(Locale.ROOT, "%d\t%s\t%d\t%s\t%.4f\t%.4f\t%.4f\t%.3f\t%.3f", seed, c.getKey(), tuples.size(), e.getKey(),
                            rows.get(0).accuracy(), rows.get(1).accuracy(), rows.get(2).accuracy(),
                            problem.uncertainty().meanOverCovered(problem.uncertainty().epistemic()),
                            problem.uncertainty().meanOverCovered(problem.uncertainty().aleatoric()));
                    lines.add(line);
                    System.out.println(line);
                }
            }
        }
        Files.write(Path.of("target", "synthetic-collection-measure.txt"), lines);
    }

    private static CollectOptions with(CollectOptions d, int budget, double factor, int regroup, CollectOptions.Adaptive by) {
        return new CollectOptions(d.groupSize(), d.anchors(), d.contextSize(), budget, d.adaptiveFraction(), factor, d.zeroShot(),
                d.sequential(), d.maxMissing(), d.flipPairs(), regroup, by);
    }
}
