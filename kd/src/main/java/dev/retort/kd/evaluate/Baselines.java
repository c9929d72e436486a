package dev.retort.kd.evaluate;

import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.model.IdentifierAbstraction;
import dev.retort.text.metrics.AssertionLines;
import dev.retort.text.metrics.AssertionMetrics;
import dev.retort.kd.retrieve.AssertionMemory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The trivial predictors a teacher must beat, fitted on the training split. */
public final class Baselines {
    public static final String BM25 = "nearest training example by BM25", MOST_FREQUENT = "most frequent training assertion",
            BM25_ANALOGY = "BM25, its names renamed by analogy";

    private Baselines() {
    }

    /** The k training targets that occur most often, most frequent first (ties: the one seen first). */
    public static List<String> mostFrequent(List<AssertionExample> train, int k) {
        Map<String, Integer> freq = new java.util.LinkedHashMap<>();
        for (AssertionExample e : train) freq.merge(e.target(), 1, Integer::sum);
        return freq.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(k).map(Map.Entry::getKey).toList();
    }

    /** {@link #score(List, List, int, ClusterBootstrap)} at top-1, with intervals over the examples' test methods (seed 0). */
    public static List<ModelEvaluation.BaselineScores> score(List<AssertionExample> train, List<AssertionExample> examples) {
        return score(train, examples, 1, new ClusterBootstrap(examples.stream().map(AssertionExample::methodId).toList(), 0,
                ClusterBootstrap.DEFAULT_RESAMPLES));
    }

    /**
     * The baselines scored against the examples' own targets: nearest by BM25 first (top-k: the k closest distinct
     * training targets), then most frequent (top-k: the k most frequent targets), then the BM25 neighbours with their
     * own names renamed by analogy ({@link IdentifierAbstraction#renamedByAnalogy}: a neighbour's local name becomes
     * the query's name of the same rank), the retrieval counterpart of a model trained with analogical hints.
     */
    public static List<ModelEvaluation.BaselineScores> score(List<AssertionExample> train, List<AssertionExample> examples, int k,
                                                             ClusterBootstrap boot) {
        List<String> references = examples.stream().map(AssertionExample::target).toList();
        AssertionMetrics metrics = new AssertionMetrics(null);
        AssertionMemory memory = AssertionMemory.of(train);
        List<List<String>> bm25 = examples.stream().map(e -> memory.distinctTargets(e, k)).toList();
        List<String> bm25Top1 = examples.stream().map(memory::hint).toList();
        List<String> frequent = mostFrequent(train, k);
        List<String> frequentTop1 = java.util.Collections.nCopies(examples.size(), frequent.isEmpty() ? "" : frequent.getFirst());
        ExactMatchStats bm25Exact = ExactMatchStats.of(references, bm25, k, boot, null);
        return List.of(
                new ModelEvaluation.BaselineScores(BM25, AssertionMetrics.summarize(metrics.score(references, bm25Top1)), bm25Exact),
                new ModelEvaluation.BaselineScores(MOST_FREQUENT, AssertionMetrics.summarize(metrics.score(references, frequentTop1)),
                        ExactMatchStats.of(references, java.util.Collections.nCopies(examples.size(), frequent), k, boot, null)),
                byAnalogy(train, examples, memory, k, boot, references, metrics, bm25Exact.hits()));
    }

    private static ModelEvaluation.BaselineScores byAnalogy(List<AssertionExample> train, List<AssertionExample> examples, AssertionMemory memory,
                                                            int k, ClusterBootstrap boot, List<String> references, AssertionMetrics metrics,
                                                            double[] bm25Hits) {
        IdentifierAbstraction names = IdentifierAbstraction.fit(train, IdentifierAbstraction.DEFAULT_KEPT, IdentifierAbstraction.DEFAULT_SLOTS);
        List<List<String>> topK = new ArrayList<>(examples.size());
        List<String> top1 = new ArrayList<>(examples.size());
        for (AssertionExample e : examples) {
            IdentifierAbstraction.Names query = names.names(e);
            topK.add(memory.distinctNeighbours(e, k).stream()
                    .map(n -> IdentifierAbstraction.renamedByAnalogy(AssertionLines.normalized(n.target()), query, names.names(n))).toList());
            top1.add(memory.nearest(e).map(n -> IdentifierAbstraction.renamedByAnalogy(n.target(), query, names.names(n))).orElse(""));
        }
        return new ModelEvaluation.BaselineScores(BM25_ANALOGY, AssertionMetrics.summarize(metrics.score(references, top1)),
                ExactMatchStats.of(references, topK, k, boot, bm25Hits));
    }
}
