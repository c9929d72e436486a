package dev.retort.route;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The answers a query is ranked against: every distinct answer text of the data set (held-out pairs' answers
 * included — questions are held out, not answers), with its vector and the cluster ids it belongs to.
 *
 * @param texts     distinct answers in first-seen order
 * @param vectors   [M][d] unit answer embeddings
 * @param clusterIds cluster ids of each answer (a text shared by several pairs may carry several)
 * @param answerOf  corpus row of each pair's answer
 */
public record AnswerCorpus(List<String> texts, float[][] vectors, List<Set<String>> clusterIds, int[] answerOf) {

    public static AnswerCorpus of(List<QaPair> pairs, float[][] answerVectors) {
        Map<String, Integer> row = new LinkedHashMap<>();
        List<float[]> vectors = new ArrayList<>();
        List<Set<String>> clusters = new ArrayList<>();
        int[] answerOf = new int[pairs.size()];
        for (int i = 0; i < answerOf.length; i++) {
            QaPair p = pairs.get(i);
            Integer r = row.get(p.answer());
            if (r == null) {
                r = row.size();
                row.put(p.answer(), r);
                vectors.add(answerVectors[i]);
                clusters.add(new HashSet<>());
            }
            clusters.get(r).add(p.clusterId());
            answerOf[i] = r;
        }
        return new AnswerCorpus(List.copyOf(row.keySet()), vectors.toArray(float[][]::new), clusters, answerOf);
    }

    public int size() {
        return texts.size();
    }

    /** Corpus rows whose answers belong to cluster {@code id}. */
    public int[] rowsOfCluster(String id) {
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < clusterIds.size(); r++) if (clusterIds.get(r).contains(id)) out.add(r);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
