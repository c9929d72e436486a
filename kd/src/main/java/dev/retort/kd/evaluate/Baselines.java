package dev.retort.kd.evaluate;

import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.metrics.AssertionMetrics;
import dev.retort.kd.retrieve.AssertionMemory;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The trivial predictors a teacher must beat, fitted on the training split. */
public final class Baselines {
    public static final String BM25 = "nearest training example by BM25", MOST_FREQUENT = "most frequent training assertion";

    private Baselines() {
    }

    /** The training target that occurs most often (ties: the one seen first), predicted for every input. */
    public static List<String> mostFrequent(List<AssertionExample> train, int count) {
        Map<String, Integer> freq = new HashMap<>();
        for (AssertionExample e : train) freq.merge(e.target(), 1, Integer::sum);
        String top = train.stream().map(AssertionExample::target)
                .max(Comparator.comparingInt(freq::get)).orElse("");
        return java.util.Collections.nCopies(count, top);
    }

    /** Both baselines scored against the examples' own targets: nearest by BM25 first, then most frequent. */
    public static List<ModelEvaluation.BaselineScores> score(List<AssertionExample> train, List<AssertionExample> examples) {
        List<String> references = examples.stream().map(AssertionExample::target).toList();
        AssertionMetrics metrics = new AssertionMetrics(null);
        return List.of(
                new ModelEvaluation.BaselineScores(BM25, AssertionMetrics.summarize(metrics.score(references, nearestByBm25(train, examples)))),
                new ModelEvaluation.BaselineScores(MOST_FREQUENT, AssertionMetrics.summarize(metrics.score(references, mostFrequent(train, examples.size())))));
    }

    /** For each input, the target of the training example whose input is closest by BM25 over code tokens. */
    public static List<String> nearestByBm25(List<AssertionExample> train, List<AssertionExample> queries) {
        AssertionMemory memory = AssertionMemory.of(train);
        return queries.stream().map(memory::hint).toList();
    }
}
