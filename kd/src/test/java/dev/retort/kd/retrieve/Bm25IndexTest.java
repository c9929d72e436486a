package dev.retort.kd.retrieve;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class Bm25IndexTest {
    /** Okapi BM25 written out per document, the definition the index must reproduce. */
    private static double[] referenceScores(List<List<String>> docs, List<String> query) {
        double avgLength = Math.max(1.0, docs.stream().mapToInt(List::size).average().orElse(1.0));
        Map<String, Integer> queryTerms = new HashMap<>();
        for (String t : query) queryTerms.merge(t, 1, Integer::sum);
        double[] scores = new double[docs.size()];
        for (String term : queryTerms.keySet()) {
            long df = docs.stream().filter(d -> d.contains(term)).count();
            double idf = Math.log(1 + (docs.size() - df + 0.5) / (df + 0.5));
            for (int d = 0; d < docs.size(); d++) {
                long tf = docs.get(d).stream().filter(term::equals).count();
                if (tf > 0) scores[d] += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * docs.get(d).size() / avgLength));
            }
        }
        return scores;
    }

    private static List<String> randomTokens(Random rnd, int maxLen, int vocab) {
        List<String> doc = new ArrayList<>();
        for (int i = rnd.nextInt(maxLen + 1); i > 0; i--) doc.add("t" + rnd.nextInt(vocab));
        return doc;
    }

    @Test
    void topKEqualsSortingTheReferenceScoresWithTiesToTheLowerIndex() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int vocab = 2 + rnd.nextInt(12);          // small vocabularies make duplicate documents, so exact ties occur
            List<List<String>> docs = IntStream.range(0, 1 + rnd.nextInt(40)).mapToObj(i -> randomTokens(rnd, 8, vocab)).toList();
            List<String> query = randomTokens(rnd, 10, vocab + 3);
            int k = rnd.nextInt(6);
            int modulus = 1 + rnd.nextInt(3);
            IntPredicate allowed = d -> d % modulus == 0;

            double[] ref = referenceScores(docs, query);
            int[] expected = IntStream.range(0, docs.size()).filter(allowed).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(d -> -ref[d]).thenComparingInt(d -> d))
                    .limit(k).mapToInt(Integer::intValue).toArray();
            assertThat(new Bm25Index(docs).top(query, k, allowed)).as("trial %d", trial).containsExactly(expected);
        }
    }

    @Test
    void rareSharedTermOutranksCommonOnes() {
        Bm25Index index = new Bm25Index(List.of(List.of("a", "b"), List.of("a", "rare"), List.of("a", "b", "b")));
        assertThat(index.top(List.of("a", "rare", "b"), 3, d -> true)).containsExactly(1, 2, 0);
        assertThat(index.top(List.of("a", "rare"), 1, d -> d != 1)).containsExactly(0);
        assertThat(index.top(List.of("unknown"), 2, d -> true)).containsExactly(0, 1);
    }
}
