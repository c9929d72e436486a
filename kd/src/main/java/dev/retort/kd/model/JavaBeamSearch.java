package dev.retort.kd.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Beam search over one source in plain Java ({@link Decoding} steps), with the rules of {@link BeamSearch}: each step
 * every live hypothesis is extended by its next-token log-probabilities (scores summed in float, as libtorch adds
 * them), the best 2k continuations are taken in order, an EOS ends its hypothesis and the others fill at most k live
 * rows; the search stops when k hypotheses have ended or none is live, and returns the ended ones (or, when none ended
 * within the length limit, the live ones), best first by length-normalized log-probability. A child takes over its
 * parent's KV cache; a second child of the same parent gets a copy. For batch-1 latency: libtorch pays its per-call
 * overhead on every step, this pays only the arithmetic.
 */
final class JavaBeamSearch {
    private record Hypothesis(int[] tokens, float score, boolean ended, Decoding state) {
        double normalized() {
            return (double) score / (tokens.length + (ended ? 1 : 0));
        }
    }

    /** A continuation: the live row it extends, the token, and the summed score. */
    private record Candidate(int row, int token, float score) {
    }

    private JavaBeamSearch() {
    }

    static List<int[]> run(DecoderWeights weights, SourceMemory source, int maxLen, int k) {
        ModelConfig c = weights.config();
        int steps = Math.min(maxLen, c.maxTargetLen());
        Deque<Decoding> spare = new ArrayDeque<>();
        List<Hypothesis> alive = List.of(new Hypothesis(new int[0], 0f, false, new Decoding(weights, source)));
        List<Hypothesis> ended = new ArrayList<>();
        for (int t = 0; t < steps && !alive.isEmpty() && ended.size() < k; t++) {
            List<Candidate> best = new ArrayList<>();
            for (int row = 0; row < alive.size(); row++) {
                Hypothesis h = alive.get(row);
                int[] tokens = h.tokens();
                float[] logProbs = h.state().step(tokens.length == 0 ? c.bosId() : tokens[tokens.length - 1]);
                keepBest(best, row, h.score(), logProbs, 2 * k);
            }
            List<Candidate> kept = new ArrayList<>();                      // the continuations that stay live, best first
            for (Candidate cand : best) {
                if (kept.size() == k || cand.score() == Float.NEGATIVE_INFINITY) break;
                if (cand.token() == c.eosId()) ended.add(new Hypothesis(alive.get(cand.row()).tokens(), cand.score(), true, null));
                else kept.add(cand);
            }
            alive = extend(alive, kept, spare, weights, source);
        }
        List<Hypothesis> pool = ended.isEmpty() ? alive : ended;
        return pool.stream().sorted(Comparator.comparingDouble(Hypothesis::normalized).reversed()).map(Hypothesis::tokens).toList();
    }

    /**
     * The new live hypotheses: each continuation's tokens, with a decoding state in its parent's: the first child of a
     * parent takes the parent's own state, a later child a copy (into a parent's state that has no child, when there is
     * one). The copies read states no step has touched yet, so the order does not matter.
     */
    private static List<Hypothesis> extend(List<Hypothesis> parents, List<Candidate> kept, Deque<Decoding> spare, DecoderWeights weights,
                                           SourceMemory source) {
        boolean[] taken = new boolean[parents.size()];
        boolean[] owns = new boolean[kept.size()];
        for (int j = 0; j < kept.size(); j++) {
            owns[j] = !taken[kept.get(j).row()];
            taken[kept.get(j).row()] = true;
        }
        for (int row = 0; row < parents.size(); row++) if (!taken[row]) spare.push(parents.get(row).state());
        List<Hypothesis> out = new ArrayList<>(kept.size());
        for (int j = 0; j < kept.size(); j++) {
            Candidate cand = kept.get(j);
            Hypothesis parent = parents.get(cand.row());
            Decoding state = parent.state();
            if (!owns[j]) {
                state = spare.isEmpty() ? new Decoding(weights, source) : spare.pop();
                state.copyFrom(parent.state());
            }
            int[] tokens = Arrays.copyOf(parent.tokens(), parent.tokens().length + 1);
            tokens[parent.tokens().length] = cand.token();
            out.add(new Hypothesis(tokens, cand.score(), false, state));
        }
        return out;
    }

    /** Adds this row's continuations to {@code best}, kept sorted by score (descending) and at most {@code limit} long. */
    private static void keepBest(List<Candidate> best, int row, float score, float[] logProbs, int limit) {
        for (int token = 0; token < logProbs.length; token++) {
            float s = score + logProbs[token];
            if (best.size() == limit && !(s > best.getLast().score())) continue;
            int at = best.size();
            while (at > 0 && best.get(at - 1).score() < s) at--;
            best.add(at, new Candidate(row, token, s));
            if (best.size() > limit) best.removeLast();
        }
    }
}
