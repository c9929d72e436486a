package dev.retort.kd.retrieve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/** Okapi BM25 (k1 = 1.2, b = 0.75) over token lists with an inverted index. */
final class Bm25Index {
    private static final double K1 = 1.2, B = 0.75;

    private record Posting(int doc, int freq) {
    }

    private final Map<String, List<Posting>> postings = new HashMap<>();
    private final int[] lengths;
    private final double avgLength;

    Bm25Index(List<List<String>> documents) {
        lengths = documents.stream().mapToInt(List::size).toArray();
        avgLength = Math.max(1.0, documents.stream().mapToInt(List::size).average().orElse(1.0));
        for (int d = 0; d < documents.size(); d++) {
            for (var e : counts(documents.get(d)).entrySet()) {
                postings.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new Posting(d, e.getValue()));
            }
        }
    }

    /** Indices of the k best-scoring allowed documents, best first (ties go to the lower index); fewer if fewer are allowed. */
    int[] top(List<String> query, int k, IntPredicate allowed) {
        int n = lengths.length;
        double[] scores = new double[n];
        for (String term : counts(query).keySet()) {
            List<Posting> list = postings.get(term);
            if (list == null) continue;
            double idf = Math.log(1 + (n - list.size() + 0.5) / (list.size() + 0.5));
            for (Posting p : list) {
                scores[p.doc()] += idf * p.freq() * (K1 + 1) / (p.freq() + K1 * (1 - B + B * lengths[p.doc()] / avgLength));
            }
        }
        return IntStream.range(0, n).filter(allowed).boxed()
                .sorted(Comparator.<Integer>comparingDouble(d -> -scores[d]).thenComparingInt(d -> d))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    private static Map<String, Integer> counts(List<String> tokens) {
        Map<String, Integer> m = new HashMap<>();
        for (String t : tokens) m.merge(t, 1, Integer::sum);
        return m;
    }
}
