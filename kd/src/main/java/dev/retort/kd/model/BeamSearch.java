package dev.retort.kd.model;

import dev.retort.core.Engine;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search over many sources at once: each source still searching owns a block of k rows (k the beam) of one
 * decoder batch, so a step is one libtorch call for all of them instead of one per source. The encoder runs once per
 * source and its memory is repeated k times; the KV cache is reordered each step as hypotheses take their parents'
 * places, and a source that finishes leaves the batch (its rows are dropped from memory and cache). A row without a
 * hypothesis (the first step, a beam that shrank) carries score −∞ and is never chosen. Each source stops when
 * {@code beam} hypotheses have ended; its candidates are the ended ones (or, if none ended within the length limit, the
 * unfinished ones), best first by length-normalized log-probability.
 */
final class BeamSearch {
    private record Hypothesis(int[] tokens, double score, boolean ended) {
        /** Length-normalized log-probability (EOS counts as a token), so short guesses are not favoured. */
        double normalized() {
            return score / (tokens.length + (ended ? 1 : 0));
        }
    }

    /** One source's search: its live hypotheses (row order) and those that ended. */
    private static final class Source {
        List<Hypothesis> alive = List.of(new Hypothesis(new int[0], 0.0, false));
        final List<Hypothesis> ended = new ArrayList<>();

        boolean done(int beam) {
            return alive.isEmpty() || ended.size() >= beam;
        }

        List<int[]> candidates() {
            List<Hypothesis> pool = ended.isEmpty() ? alive : ended;
            return pool.stream().sorted(Comparator.comparingDouble(Hypothesis::normalized).reversed()).map(Hypothesis::tokens).toList();
        }
    }

    private final Seq2SeqModel model;
    private final TransformerNet net;
    private final ModelConfig config;
    private final Device device;

    BeamSearch(Seq2SeqModel model, TransformerNet net, ModelConfig config, Device device) {
        this.model = model;
        this.net = net;
        this.config = config;
        this.device = device;
    }

    /** The candidates of each source, in source order (the caller sets eval mode). */
    List<List<int[]>> run(List<int[]> sources, int maxLen, int k) {
        int steps = Math.min(maxLen, config.maxTargetLen());
        List<Source> search = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) search.add(new Source());
        try (var scope = Engine.step(); var noGrad = new NoGradGuard()) {
            SequenceBatch batch = model.batch(sources, null);
            List<Integer> active = new ArrayList<>();                     // the sources still searching, in row-block order
            for (int i = 0; i < sources.size(); i++) active.add(i);
            TransformerNet.Memory memory = net.encode(batch.source(), batch.sourceMask()).select(ids(blockRows(active.size(), k, null)));
            TransformerNet.Cache cache = new TransformerNet.Cache();
            for (int t = 0; t < steps && !active.isEmpty(); t++) {
                long[] parents = step(search, active, memory, cache, t, k);
                List<Integer> still = new ArrayList<>();
                List<Integer> kept = new ArrayList<>();                   // old block positions of the sources still searching
                for (int p = 0; p < active.size(); p++) {
                    if (search.get(active.get(p)).done(k)) continue;
                    still.add(active.get(p));
                    kept.add(p);
                }
                if (still.isEmpty()) break;
                long[] reorder = new long[still.size() * k];
                for (int q = 0; q < kept.size(); q++) System.arraycopy(parents, kept.get(q) * k, reorder, q * k, k);
                cache.select(ids(reorder));
                if (still.size() < active.size()) memory = memory.select(ids(blockRows(still.size(), k, kept)));
                active = still;
            }
        }
        return search.stream().map(Source::candidates).toList();
    }

    /**
     * One decoder step for the active sources' rows (A·k); extends each source's beam and returns, for each row, the old
     * row its new hypothesis continues.
     */
    private long[] step(List<Source> search, List<Integer> active, TransformerNet.Memory memory, TransformerNet.Cache cache, int t, int k) {
        int a = active.size(), vocab = config.vocabSize();
        long[] last = new long[a * k];
        float[] scores = new float[a * k];
        Arrays.fill(last, config.bosId());
        Arrays.fill(scores, Float.NEGATIVE_INFINITY);
        for (int p = 0; p < a; p++) {
            List<Hypothesis> alive = search.get(active.get(p)).alive;
            for (int j = 0; j < alive.size(); j++) {
                int[] tokens = alive.get(j).tokens();
                last[p * k + j] = tokens.length == 0 ? config.bosId() : tokens[tokens.length - 1];
                scores[p * k + j] = (float) alive.get(j).score();
            }
        }
        Tensor inputs = ids(last).view(a * k, 1);                                                   // [A·k, 1]
        Tensor logProbs = net.outputLogProbs(net.decode(inputs, t, memory, cache), inputs, memory).squeeze(1);  // [A·k, V]
        Tensor total = logProbs.add(Tensors.of(scores, a * k, 1).to(logProbs.device(), logProbs.scalar_type()))
                .view(a, (long) k * vocab);                                                                              // [A, k·V]
        var top = total.topk(Math.min(2L * k, (long) k * vocab));
        float[] topScores = Tensors.toFloats(top.get0());                                                                // [A, 2k]
        long[] topIds = Tensors.toLongs(top.get1());
        long[] parents = new long[a * k];
        int width = topScores.length / a;
        for (int p = 0; p < a; p++) {
            advance(search.get(active.get(p)), p, k, vocab, Arrays.copyOfRange(topScores, p * width, (p + 1) * width),
                    Arrays.copyOfRange(topIds, p * width, (p + 1) * width), parents);
        }
        return parents;
    }

    /** Rows of the memory for sources at block positions {@code kept} (all when null): each source's first row, k times. */
    private static long[] blockRows(int sources, int k, List<Integer> kept) {
        long[] rows = new long[sources * k];
        for (int r = 0; r < rows.length; r++) rows[r] = kept == null ? r / k : (long) kept.get(r / k) * k;
        return rows;
    }

    /** Extends one source's beam from its best (score, row·V + token) pairs; writes the parent row of each new row. */
    private void advance(Source source, int p, int k, int vocab, float[] topScores, long[] topIds, long[] parents) {
        for (int j = 0; j < k; j++) parents[p * k + j] = p * k;
        List<Hypothesis> next = new ArrayList<>();
        for (int j = 0; j < topIds.length && next.size() < k; j++) {
            if (topScores[j] == Float.NEGATIVE_INFINITY) break;
            int row = (int) (topIds[j] / vocab), token = (int) (topIds[j] % vocab);
            int[] prev = source.alive.get(row).tokens();
            if (token == config.eosId()) {
                source.ended.add(new Hypothesis(prev, topScores[j], true));
            } else {
                int[] tokens = Arrays.copyOf(prev, prev.length + 1);
                tokens[prev.length] = token;
                parents[p * k + next.size()] = p * k + row;
                next.add(new Hypothesis(tokens, topScores[j], false));
            }
        }
        source.alive = next;
    }

    private Tensor ids(long[] values) {
        return Tensors.of(values, values.length).to(device, org.bytedeco.pytorch.global.torch.ScalarType.Long);
    }
}
