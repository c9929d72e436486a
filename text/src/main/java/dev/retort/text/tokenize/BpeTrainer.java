package dev.retort.text.tokenize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Learns byte-level BPE merges from a corpus. The corpus is reduced to its distinct pre-tokenized words
 * with counts; pair counts are kept for the whole corpus and updated incrementally: a merge touches only
 * the words that contain its pair (an index from pair to words), and a max-heap with lazy deletion finds
 * the next most frequent pair. Ties go to the smaller pair of ids, so training is deterministic.
 */
final class BpeTrainer {
    /** A pair seen fewer times than this is not merged. */
    static final int MIN_PAIR_COUNT = 2;

    record Result(List<String> tokens, List<long[]> merges) {
    }

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<long[]> merges = new ArrayList<>();   // {pair, new id}
    private int[][] words;
    private int[] lengths;
    private long[] wordCounts;
    private final Map<Long, long[]> pairCounts = new HashMap<>();      // pair -> {count}
    private final Map<Long, int[][]> pairWords = new HashMap<>();      // pair -> {{size}, word ids (may repeat)}
    private final PriorityQueue<long[]> heap = new PriorityQueue<>(  // {count, pair}
            (x, y) -> x[0] != y[0] ? Long.compare(y[0], x[0]) : Long.compare(x[1], y[1]));

    private BpeTrainer(List<String> initialTokens) {
        tokens = new ArrayList<>(initialTokens);
        for (int i = 0; i < tokens.size(); i++) ids.put(tokens.get(i), i);
    }

    /** {@code initialTokens}: the special tokens followed by the 256 byte symbols. */
    static Result train(Iterable<String> corpus, int vocabSize, List<String> initialTokens) {
        BpeTrainer t = new BpeTrainer(initialTokens);
        t.countWords(corpus);
        t.countPairs();
        t.mergeUntil(vocabSize);
        return new Result(List.copyOf(t.tokens), List.copyOf(t.merges));
    }

    private void countWords(Iterable<String> corpus) {
        Map<String, long[]> counts = new HashMap<>();
        for (String text : corpus) {
            for (String piece : PreTokenizer.split(text)) {
                counts.computeIfAbsent(ByteAlphabet.encode(piece.getBytes(StandardCharsets.UTF_8)), k -> new long[1])[0]++;
            }
        }
        words = new int[counts.size()][];
        lengths = new int[counts.size()];
        wordCounts = new long[counts.size()];
        int w = 0;
        for (var e : counts.entrySet()) {
            String symbols = e.getKey();
            int[] word = new int[symbols.length()];
            for (int i = 0; i < word.length; i++) word[i] = ids.get(String.valueOf(symbols.charAt(i)));
            words[w] = word;
            lengths[w] = word.length;
            wordCounts[w] = e.getValue()[0];
            w++;
        }
    }

    private void countPairs() {
        for (int w = 0; w < words.length; w++) addPairs(w, +1);
        for (var e : pairCounts.entrySet()) heap.add(new long[]{e.getValue()[0], e.getKey()});
    }

    /** Adds (sign +1) or removes (−1) the pairs of word w; records w under each pair it adds. */
    private void addPairs(int w, int sign) {
        int[] word = words[w];
        for (int i = 0; i + 1 < lengths[w]; i++) {
            long pair = Pairs.of(word[i], word[i + 1]);
            pairCounts.computeIfAbsent(pair, k -> new long[1])[0] += sign * wordCounts[w];
            if (sign > 0) {
                int[][] list = pairWords.computeIfAbsent(pair, k -> new int[][]{{0}, new int[2]});
                int size = list[0][0];
                if (size == 0 || list[1][size - 1] != w) {
                    if (size == list[1].length) list[1] = Arrays.copyOf(list[1], size * 2);
                    list[1][size] = w;
                    list[0][0] = size + 1;
                }
            }
        }
    }

    private void mergeUntil(int vocabSize) {
        while (tokens.size() < vocabSize && !heap.isEmpty()) {
            long[] top = heap.poll();
            long pair = top[1];
            long current = pairCounts.getOrDefault(pair, new long[1])[0];
            if (current != top[0]) {
                if (current > 0) heap.add(new long[]{current, pair});
                continue;
            }
            if (current < MIN_PAIR_COUNT) break;
            merge(pair);
        }
    }

    private void merge(long pair) {
        int left = Pairs.left(pair), right = Pairs.right(pair);
        String merged = tokens.get(left) + tokens.get(right);
        Integer id = ids.get(merged);
        if (id == null) {
            id = tokens.size();
            tokens.add(merged);
            ids.put(merged, id);
        }
        merges.add(new long[]{pair, id});
        Map<Long, Long> before = new HashMap<>();
        int[][] list = pairWords.remove(pair);
        int[] touched = list[1];
        for (int j = 0; j < list[0][0]; j++) {
            int w = touched[j];
            if (!contains(w, left, right)) continue;
            snapshot(w, before);
            addPairs(w, -1);
            replace(w, left, right, id);
            addPairs(w, +1);
        }
        pairCounts.remove(pair);
        for (var e : before.entrySet()) {
            long[] now = pairCounts.get(e.getKey());
            if (now != null && now[0] > e.getValue()) heap.add(new long[]{now[0], e.getKey()});
        }
        // pairs new to this merge (containing the new id) were not in `before`
        for (int j = 0; j < list[0][0]; j++) {
            int w = touched[j];
            int[] word = words[w];
            for (int i = 0; i + 1 < lengths[w]; i++) {
                if (word[i] != id && word[i + 1] != id) continue;
                long p = Pairs.of(word[i], word[i + 1]);
                if (!before.containsKey(p)) {
                    before.put(p, pairCounts.get(p)[0]);
                    heap.add(new long[]{pairCounts.get(p)[0], p});
                }
            }
        }
    }

    private void snapshot(int w, Map<Long, Long> before) {
        int[] word = words[w];
        for (int i = 0; i + 1 < lengths[w]; i++) {
            long p = Pairs.of(word[i], word[i + 1]);
            before.putIfAbsent(p, pairCounts.get(p)[0]);
        }
    }

    private boolean contains(int w, int left, int right) {
        int[] word = words[w];
        for (int i = 0; i + 1 < lengths[w]; i++) if (word[i] == left && word[i + 1] == right) return true;
        return false;
    }

    private void replace(int w, int left, int right, int id) {
        int[] word = words[w];
        int n = lengths[w], out = 0;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n && word[i] == left && word[i + 1] == right) {
                word[out++] = id;
                i++;
            } else {
                word[out++] = word[i];
            }
        }
        lengths[w] = out;
    }
}
