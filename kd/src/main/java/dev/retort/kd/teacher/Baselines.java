package dev.retort.kd.teacher;

import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.retrieve.AssertionMemory;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The trivial predictors a teacher must beat, fitted on the training split. */
public final class Baselines {
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

    /** For each input, the target of the training example whose input is closest by BM25 over code tokens. */
    public static List<String> nearestByBm25(List<AssertionExample> train, List<AssertionExample> queries) {
        AssertionMemory memory = AssertionMemory.of(train);
        return queries.stream().map(memory::hint).toList();
    }
}
