package dev.retort.elicit.collect;

import dev.retort.core.RetortException;
import dev.retort.core.Rng;
import dev.retort.elicit.claims.Claim;
import dev.retort.elicit.claims.ClaimSet;
import dev.retort.elicit.claims.Framing;
import dev.retort.elicit.claims.PredictionTuple;
import dev.retort.elicit.claims.TupleLog;
import dev.retort.elicit.claims.Uncertainty;
import dev.retort.text.embed.TextEmbedder;
import dev.retort.elicit.predict.LocalPredictor;
import dev.retort.elicit.predict.Predictor;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Asks a predictor for n-shot predictions and appends each one to the tuple log as it arrives. Up to five rounds,
 * each planned deterministically from the seed and the answers already in the log, so a killed run planned
 * again asks exactly the questions that are not in the log yet — nothing lost, nothing asked twice:
 * <ol>
 *   <li>zero-shot: every claim with no context, in both framings; their mean gives each claim a prior;</li>
 *   <li>groups: claims grouped by embedding similarity plus global anchors; per group a budget of predictions,
 *       each a target with a random ordered subset of the group as context, labels shown drawn from the
 *       prior (so some are wrong, as the optimizer expects), framing alternating;</li>
 *   <li>flips ({@code flipPairs} &gt; 0): the first questions of each group's main round asked again with one
 *       shown label flipped, so {@code FlipSensitivity} has pairs that differ in exactly one label;</li>
 *   <li>regroup ({@code regroupBudget} &gt; 0): new groups, each claim among similar claims of other first-round
 *       groups, with a second budget per group and labels shown drawn from the answers of the rounds before;</li>
 *   <li>adaptive: an extra budget for the most uncertain groups (mean answer nearest ½), or spread over all groups
 *       in proportion to their measured epistemic + aleatoric uncertainty ({@link Uncertainty}).</li>
 * </ol>
 * Orders: zero-shot 0, main and flips 0 … budget−1, regroup from budget, adaptive after those.
 */
public final class Collector {
    private static final int SYNC_EVERY = 64;

    /**
     * @param asked         predictions made in this run
     * @param alreadyLogged planned ones found in the log
     * @param missing       questions skipped because the answer had no logprobs, per target claim uid (not logged:
     *                      {@code --resume} asks them again)
     * @param plannedByRound questions planned per round, in the order asked
     */
    public record Summary(int groups, int planned, int alreadyLogged, int asked, Map<String, Integer> missing,
                          Map<String, Integer> plannedByRound) {
        public int missingCount() {
            return missing.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final ClaimSet claims;
    private final Predictor predictor;
    private final CollectOptions options;
    private final Rng rng;
    private final IntConsumer progress;
    private final Map<String, Integer> missing = new TreeMap<>();

    public Collector(ClaimSet claims, Predictor predictor, CollectOptions options, Rng rng, IntConsumer progress) {
        this.claims = claims;
        this.predictor = predictor;
        this.options = options;
        this.rng = rng;
        this.progress = progress;
    }

    /** Collects into {@code log}, resuming from what it holds; claims are grouped by the {@link TextEmbedder#unitNormalized()} {@code embedder}'s vectors. */
    public Summary collect(TextEmbedder embedder, Path log) {
        if (!embedder.unitNormalized()) throw new IllegalArgumentException("embedder " + embedder.name() + " does not give unit rows");
        List<PredictionTuple> existing = new ArrayList<>(TupleLog.readForResume(log));
        Set<String> done = new HashSet<>();
        for (PredictionTuple t : existing) done.add(t.questionKey());
        Rounds rounds = new Rounds(done, existing);
        int budget = options.budgetPerGroup();
        try (TupleLog out = TupleLog.append(log)) {
            rounds.ask("zero-shot", options.zeroShot() ? zeroShotRound() : List.of(), out);

            List<String> texts = claims.claims().stream().map(LocalPredictor::claimText).toList();
            float[][] vectors = embedder.embed(texts);
            ClaimGroups groups = ClaimGroups.build(vectors, options.groupSize(), options.anchors(), rng.fork("groups"));
            // Plans depend only on answers of earlier rounds (selected by order), so a resumed run plans the same questions.
            double[] prior = meanLogOdds(existing, t -> t.context().isEmpty());
            List<Planned> main = groupRound(groups, prior, 0, equal(groups, budget), "main");
            rounds.ask("main", main, out);
            rounds.ask("flips", flipRound(main, budget), out);

            if (options.regroupBudget() > 0) {
                ClaimGroups second = groups.regroup(vectors, options.groupSize(), rng.fork("regroup"));
                double[] posterior = meanLogOdds(existing, t -> t.order() < budget);
                rounds.ask("regroup", groupRound(second, posterior, budget, equal(second, options.regroupBudget()), "regroup"), out);
            }
            rounds.ask("adaptive", groupRound(groups, prior, budget + options.regroupBudget(), adaptiveBudgets(groups, existing), "adaptive"), out);
            synchronized (missing) {
                return new Summary(groups.groups().size(), rounds.planned, rounds.skipped, rounds.asked, Map.copyOf(missing),
                        Collections.unmodifiableMap(rounds.perRound));
            }
        }
    }

    /** Running totals over the rounds of one collection. */
    private final class Rounds {
        final Set<String> done;
        final List<PredictionTuple> existing;
        final Map<String, Integer> perRound = new LinkedHashMap<>();
        int planned, skipped, asked;

        Rounds(Set<String> done, List<PredictionTuple> existing) {
            this.done = done;
            this.existing = existing;
        }

        void ask(String round, List<Planned> plan, TupleLog out) {
            int[] r = run(plan, done, existing, out);
            perRound.put(round, plan.size());
            planned += plan.size();
            skipped += r[0];
            asked += r[1];
        }
    }

    private static int[] equal(ClaimGroups g, int budget) {
        int[] b = new int[g.groups().size()];
        Arrays.fill(b, budget);
        return b;
    }

    /**
     * The adaptive round's budget per group, ⌈fraction·G⌉ × round(factor·budget) in all, planned from the answers of
     * the rounds before it: in equal shares to the groups whose mean log-odds over the zero-shot and main rounds are
     * nearest ½, or ({@link CollectOptions.Adaptive#UNCERTAINTY}) over all groups in proportion to their claims' mean
     * measured uncertainty, by largest remainders (ties to the lower group index).
     */
    private int[] adaptiveBudgets(ClaimGroups g, List<PredictionTuple> existing) {
        int budget = options.budgetPerGroup();
        int extra = (int) Math.round(budget * options.adaptiveFactor());
        int count = (int) Math.ceil(options.adaptiveFraction() * g.groups().size());
        int[] out = new int[g.groups().size()];
        if (extra == 0 || count == 0) return out;
        if (options.adaptiveBy() == CollectOptions.Adaptive.NEAREST_HALF) {
            for (int gi : mostUncertain(g, meanLogOdds(existing, t -> t.order() < budget), options.adaptiveFraction())) out[gi] = extra;
            return out;
        }
        int before = budget + options.regroupBudget();
        Uncertainty u = Uncertainty.measure(claims, existing.stream().filter(t -> t.order() < before).toList());
        double[] share = new double[out.length];
        for (int gi = 0; gi < out.length; gi++) {
            for (int m : g.groups().get(gi)) share[gi] += u.total(m);
            share[gi] /= g.groups().get(gi).length;
        }
        return Apportion.largestRemainder(share, (long) count * extra);
    }

    private record Planned(Predictor.Query query, int order, String key) {
        static Planned of(Predictor.Query q, int order) {
            List<PredictionTuple.Shown> shown = q.context().stream().map(s -> new PredictionTuple.Shown(s.claim().uid(), s.label())).toList();
            return new Planned(q, order, new PredictionTuple(q.target().uid(), shown, order, q.framing(), 0, 0, "", "").questionKey());
        }
    }

    private List<Planned> zeroShotRound() {
        List<Planned> plan = new ArrayList<>();
        for (Claim c : claims.claims())
            for (Framing f : Framing.values()) plan.add(Planned.of(new Predictor.Query(c, List.of(), f), 0));
        return plan;
    }

    /** Predictions {@code firstOrder … firstOrder+budgets[g]−1} of each group g with a budget. */
    private List<Planned> groupRound(ClaimGroups g, double[] prior, int firstOrder, int[] budgets, String round) {
        List<Planned> plan = new ArrayList<>();
        for (int gi = 0; gi < budgets.length; gi++) {
            int budget = budgets[gi];
            if (budget == 0) continue;
            int[] members = g.groups().get(gi);
            Rng r = rng.fork(round + "/group-" + gi);
            List<Integer> pool = new ArrayList<>();
            for (int m : members) pool.add(m);
            for (int a : g.anchors()) if (!pool.contains(a)) pool.add(a);
            for (int b = 0; b < budget; b++) {
                int order = firstOrder + b;
                int target = members[order % members.length];
                List<Integer> others = new ArrayList<>(pool);
                others.remove(Integer.valueOf(target));
                r.shuffle(others);
                List<Predictor.Shown> context = new ArrayList<>();
                for (int c : others.subList(0, Math.min(options.contextSize(), others.size()))) {
                    double p = 1 / (1 + Math.exp(-prior[c]));
                    context.add(new Predictor.Shown(claims.get(c), r.nextDouble() < p));
                }
                Framing framing = (order / members.length) % 2 == 0 ? Framing.POSITIVE : Framing.NEGATIVE;
                plan.add(Planned.of(new Predictor.Query(claims.get(target), context, framing), order));
            }
        }
        return plan;
    }

    /** The first {@code flipPairs} questions with context of each group's block of the main round, one shown label flipped. */
    private List<Planned> flipRound(List<Planned> main, int budget) {
        List<Planned> plan = new ArrayList<>();
        if (options.flipPairs() == 0 || budget == 0) return plan;
        for (int start = 0; start < main.size(); start += budget) {
            Rng r = rng.fork("flip/group-" + start / budget);
            int made = 0;
            for (Planned p : main.subList(start, Math.min(start + budget, main.size()))) {
                List<Predictor.Shown> context = p.query().context();
                if (made == options.flipPairs()) break;
                if (context.isEmpty()) continue;
                int j = r.nextInt(context.size());
                List<Predictor.Shown> flipped = new ArrayList<>(context);
                flipped.set(j, new Predictor.Shown(context.get(j).claim(), !context.get(j).label()));
                plan.add(Planned.of(new Predictor.Query(p.query().target(), flipped, p.query().framing()), p.order()));
                made++;
            }
        }
        return plan;
    }

    private int[] mostUncertain(ClaimGroups g, double[] logOdds, double fraction) {
        int count = (int) Math.ceil(fraction * g.groups().size());
        return IntStream.range(0, g.groups().size()).boxed()
                .sorted(Comparator.comparingDouble((Integer gi) -> -uncertainty(g.groups().get(gi), logOdds)).thenComparing(gi -> gi))
                .limit(count).mapToInt(Integer::intValue).toArray();
    }

    private static double uncertainty(int[] members, double[] logOdds) {
        double s = 0;
        for (int m : members) s += 1 - Math.abs(2 / (1 + Math.exp(-logOdds[m])) - 1);
        return s / members.length;
    }

    private double[] meanLogOdds(List<PredictionTuple> tuples, java.util.function.Predicate<PredictionTuple> which) {
        Map<String, Integer> index = claims.index();
        double[] sum = new double[claims.size()];
        int[] n = new int[claims.size()];
        for (PredictionTuple t : tuples) {
            Integer i = index.get(t.targetUid());
            if (i == null || !which.test(t)) continue;
            sum[i] += t.logOdds();
            n[i]++;
        }
        for (int i = 0; i < sum.length; i++) if (n[i] > 0) sum[i] /= n[i];
        return sum;
    }

    /** Counts an answer without logprobs; past {@code --max-missing} of them the run stops. */
    private void skipMissing(String uid, Predictor.MissingAnswer e, AtomicReference<RuntimeException> failure) {
        int total;
        synchronized (missing) {
            missing.merge(uid, 1, Integer::sum);
            total = missing.values().stream().mapToInt(Integer::intValue).sum();
        }
        if (total > options.maxMissing())
            failure.compareAndSet(null, new RetortException(total + " answers had no logprobs, more than --max-missing "
                    + options.maxMissing() + "; last, for claim '" + uid + "': " + e.getMessage()));
    }

    /** Asks the planned questions missing from the log; returns {already logged, asked}. */
    private int[] run(List<Planned> plan, Set<String> done, List<PredictionTuple> existing, TupleLog out) {
        List<Planned> todo = plan.stream().filter(p -> !done.contains(p.key())).toList();
        int skipped = plan.size() - todo.size();
        progress.accept(skipped);
        AtomicInteger asked = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable[] tasks = todo.stream().map(p -> (Runnable) () -> {
            if (failure.get() != null) return;
            try {
                Predictor.Answer a = predictor.predict(p.query());
                PredictionTuple t = new PredictionTuple(p.query().target().uid(),
                        p.query().context().stream().map(s -> new PredictionTuple.Shown(s.claim().uid(), s.label())).toList(),
                        p.order(), p.query().framing(), a.logpTrue(), a.logpFalse(), predictor.model(), Instant.now().toString());
                synchronized (existing) {
                    out.write(t);
                    existing.add(t);
                    done.add(p.key());
                    if (asked.incrementAndGet() % SYNC_EVERY == 0) out.sync();
                }
                progress.accept(1);
            } catch (Predictor.MissingAnswer e) {
                skipMissing(p.query().target().uid(), e, failure);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }).toArray(Runnable[]::new);
        if (options.sequential()) {
            for (Runnable t : tasks) t.run();
        } else {
            try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Runnable t : tasks) exec.submit(t);
            }
        }
        out.sync();
        RuntimeException e = failure.get();
        if (e != null) throw new RetortException("collection stopped after " + asked.get() + " new predictions (all saved): "
                + e.getMessage() + " — rerun the same command with --resume to continue", e);
        return new int[]{skipped, asked.get()};
    }
}
