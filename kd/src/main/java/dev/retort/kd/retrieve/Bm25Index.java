package dev.retort.kd.retrieve;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Okapi BM25 (k1 = 1.2, b = 0.75) over token lists with an inverted index. Each posting stores its document's whole
 * term score (idf · saturated, length-normalised frequency), so a query is one addition per posting plus one scan
 * for the best k; it runs once per example at generation time, where it is part of the latency a user waits for.
 */
final class Bm25Index {
    private static final double K1 = 1.2, B = 0.75;

    /** One term's documents and their term scores, parallel arrays. */
    private record Postings(int[] docs, double[] scores) {
    }

    private final Map<String, Postings> postings = new HashMap<>();
    private final int size;

    Bm25Index(List<List<String>> documents) {
        size = documents.size();
        int[] lengths = documents.stream().mapToInt(List::size).toArray();
        double avgLength = Math.max(1.0, Arrays.stream(lengths).average().orElse(1.0));
        List<Map<String, Integer>> counts = documents.stream().map(Bm25Index::counts).toList();
        Map<String, Integer> docFreq = new HashMap<>();
        for (var c : counts) for (String term : c.keySet()) docFreq.merge(term, 1, Integer::sum);
        docFreq.forEach((term, df) -> postings.put(term, new Postings(new int[df], new double[df])));
        Map<String, Integer> filled = new HashMap<>();
        for (int d = 0; d < size; d++) {
            for (var e : counts.get(d).entrySet()) {
                Postings p = postings.get(e.getKey());
                int i = filled.merge(e.getKey(), 1, Integer::sum) - 1;
                int freq = e.getValue();
                double idf = Math.log(1 + (size - p.docs().length + 0.5) / (p.docs().length + 0.5));
                p.docs()[i] = d;
                p.scores()[i] = idf * freq * (K1 + 1) / (freq + K1 * (1 - B + B * lengths[d] / avgLength));
            }
        }
    }

    /** Indices of the k best-scoring allowed documents, best first (ties go to the lower index); fewer if fewer are allowed. */
    int[] top(List<String> query, int k, IntPredicate allowed) {
        double[] scores = new double[size];
        for (String term : counts(query).keySet()) {      // the term order fixes the float summation order
            Postings p = postings.get(term);
            if (p == null) continue;
            for (int i = 0; i < p.docs().length; i++) scores[p.docs()[i]] += p.scores()[i];
        }
        return best(scores, k, allowed);
    }

    /** The k allowed indices with the highest scores, best first; a scan in index order keeps the lower index on ties. */
    private static int[] best(double[] scores, int k, IntPredicate allowed) {
        int[] top = new int[Math.max(0, Math.min(k, scores.length))];
        int n = 0;
        for (int d = 0; d < scores.length; d++) {
            if (n == top.length && (n == 0 || scores[d] <= scores[top[n - 1]])) continue;
            if (!allowed.test(d)) continue;
            int at = n == top.length ? n - 1 : n++;
            while (at > 0 && scores[top[at - 1]] < scores[d]) {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = d;
        }
        return Arrays.copyOf(top, n);
    }

    private static Map<String, Integer> counts(List<String> tokens) {
        Map<String, Integer> m = new HashMap<>();
        for (String t : tokens) m.merge(t, 1, Integer::sum);
        return m;
    }
}
