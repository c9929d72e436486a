package dev.retort.serve;

import dev.retort.kd.data.AssertionExample;
import dev.retort.text.metrics.AstValidity;
import dev.retort.kd.model.AssertionGenerator;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.FastGreedyDecoder;
import dev.retort.kd.model.Seq2SeqModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Suggests assertions with a kd model (the directory {@code kd generate} takes). A request's source (retrieval of its
 * memory hints by BM25, then tokenizing: ~7 ms on lang3's memory) is built on the caller's thread, so requests prepare
 * in parallel; the model runs on one worker thread that takes them in dynamic batches ({@link DynamicBatcher}). In a
 * batch, {@code n} > 1 requests share one beam search and every suggestion is scored in one forward pass. Greedy
 * requests ({@code n} = 1) are decoded one by one with the model's Java decoder on CPU, which was faster there than the
 * batched libtorch decoder at every batch size up to 16 (tiny preset: 8 ms per example against 19 ms at batch 4 and
 * 11 ms at batch 16), and together with the batched libtorch decoder on a GPU.
 * What a request gets is what {@code kd generate} prints: a candidate's lines that parse as Java; when no candidate
 * has one, the assertions of the nearest training examples in the model's retrieval memory, marked {@code retrieval}.
 * Every suggestion carries the log-probability the model gives it.
 */
public final class AssertionService implements AutoCloseable {
    /** A masked test method (with {@value AssertionExample#PLACEHOLDER}), its focal method, and how many suggestions. */
    public record Request(String testMethodMasked, String focalMethod, int n) {
    }

    /**
     * @param source  "model" (the model's own text) or "retrieval" (the fallback: a training example's assertions)
     * @param logProb the model's log-probability of the assertion text and its end, summed over its tokens
     */
    public record Suggestion(String assertion, double logProb, String source) {
    }

    /** The suggestions (best first, at most n) and how many requests were decoded together with this one. */
    public record Answer(List<Suggestion> suggestions, int batchSize) {
    }

    private final Seq2SeqModel model;
    private final ExampleEncoder encoder;
    private final FastGreedyDecoder greedy;
    private final AstValidity syntax = new AstValidity();     // worker thread only: JavaParser is not thread-safe
    private final int maxLen;
    private final boolean batchedGreedy;
    private final DynamicBatcher<Prepared, Answer> batcher;

    /** A request with its model input, built on the caller's thread (the encoder's BM25 index and tokenizer are read-only). */
    private record Prepared(Request request, AssertionExample example, int[] source) {
    }

    private AssertionService(AssertionGenerator generator, ServeConfig config, Metrics metrics) {
        this.model = generator.model();
        this.encoder = generator.encoder();
        this.greedy = model.fastDecoder();
        this.maxLen = encoder.maxOutputLen() + 1;
        this.batchedGreedy = dev.retort.core.Engine.get().backend() == dev.retort.core.Engine.Backend.CUDA;
        this.batcher = new DynamicBatcher<>("retort-assertion-batcher", this::decode, config.batchWait(), config.maxBatch(),
                metrics::observeBatch);
    }

    /** Loads the model once (a model directory, or a train-teacher run directory whose best/ is used). */
    public static AssertionService load(Path dir, ServeConfig config, Metrics metrics) {
        return new AssertionService(AssertionGenerator.load(dir), config, metrics);
    }

    public CompletableFuture<Answer> submit(Request request) {
        AssertionExample example = example(request);
        return batcher.submit(new Prepared(request, example, encoder.source(example)));
    }

    /** One batch, on the worker thread: candidates per request, then one log-probability pass over every suggestion. */
    private List<Answer> decode(List<Prepared> prepared) {
        List<Request> batch = prepared.stream().map(Prepared::request).toList();
        List<AssertionExample> examples = prepared.stream().map(Prepared::example).toList();
        List<int[]> sources = prepared.stream().map(Prepared::source).toList();
        List<List<int[]>> candidates = candidates(batch, sources);
        List<List<String>> texts = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<int[]> scoreSources = new ArrayList<>(), scoreTargets = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            List<String> chosen = modelTexts(examples.get(i), candidates.get(i), batch.get(i).n());
            boolean fallback = chosen.isEmpty() && encoder.memory() != null;
            if (fallback) chosen = retrievalTexts(examples.get(i), batch.get(i).n());
            texts.add(chosen);
            kinds.add(fallback ? "retrieval" : "model");
            for (String t : chosen) {
                scoreSources.add(sources.get(i));
                scoreTargets.add(encoder.target(examples.get(i), t));
            }
        }
        double[] logProbs = model.logProbabilities(scoreSources, scoreTargets);
        List<Answer> out = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < batch.size(); i++) {
            List<Suggestion> suggestions = new ArrayList<>();
            for (String t : texts.get(i)) suggestions.add(new Suggestion(t, logProbs[k++], kinds.get(i)));
            out.add(new Answer(suggestions, batch.size()));
        }
        return out;
    }

    /** Each request's hypotheses, best first: requests are grouped by n, and each group of n > 1 (or greedy on a GPU) decoded in one call. */
    private List<List<int[]>> candidates(List<Request> batch, List<int[]> sources) {
        Map<Integer, List<Integer>> byN = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) byN.computeIfAbsent(batch.get(i).n(), n -> new ArrayList<>()).add(i);
        List<List<int[]>> out = new ArrayList<>(java.util.Collections.nCopies(batch.size(), List.of()));
        byN.forEach((n, rows) -> {
            List<int[]> group = rows.stream().map(sources::get).toList();
            List<List<int[]>> found;
            if (n == 1 && !batchedGreedy) found = group.stream().map(src -> List.of(greedy.generate(src, maxLen))).toList();
            else if (n == 1) found = model.generateGreedy(group, maxLen).stream().map(List::of).toList();
            else found = model.beamCandidates(group, maxLen, n);
            for (int j = 0; j < rows.size(); j++) out.set(rows.get(j), found.get(j));
        });
        return out;
    }

    /** The distinct non-empty valid-line texts of the hypotheses, in order, at most n. */
    private List<String> modelTexts(AssertionExample example, List<int[]> hypotheses, int n) {
        List<String> out = new ArrayList<>();
        for (int[] ids : hypotheses) {
            String valid = syntax.validLines(encoder.decodeGenerated(example, ids, maxLen));
            if (!valid.isEmpty() && !out.contains(valid)) out.add(valid);
            if (out.size() == n) break;
        }
        return out;
    }

    /** The fallback: the nearest example's assertions for n = 1 (as kd generate gives them), the n nearest distinct ones else. */
    private List<String> retrievalTexts(AssertionExample example, int n) {
        if (n > 1) return encoder.memory().distinctTargets(example, n);
        String hint = encoder.memory().hint(example);
        return hint.isEmpty() ? List.of() : List.of(hint);
    }

    private static AssertionExample example(Request r) {
        return new AssertionExample("input", r.focalMethod(), r.testMethodMasked(), List.of(), null, null, null, null);
    }

    /** Answers what was submitted, then stops the worker. */
    @Override
    public void close() {
        batcher.close();
    }
}
