package dev.retort.kd.evaluate;

import dev.retort.core.report.Progress;
import dev.retort.text.metrics.AssertionLines;
import dev.retort.text.metrics.AstValidity;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.model.ExampleEncoder;
import dev.retort.kd.model.Seq2SeqModel;

import java.util.ArrayList;
import java.util.List;

/**
 * A model's top-k answers per example for top-k exact match: its top-1 answer first (greedy, sampled, or the beam's
 * best, see {@link AnswerDecoding}; so top-1 is the text scored everywhere else), then the hypotheses of a beam search of
 * width k, best first, without repeats, at most k in all. The checked list is what a user would be offered: the checked
 * top-1 answer, then the beam hypotheses whose every line parses as a Java statement.
 */
final class Candidates {
    private Candidates() {
    }

    /** Sources searched together in one beam batch (sorted by length, so little padding). */
    static final int BATCH = 16;

    /**
     * Each source's beam hypotheses of width k as text, best first by length-normalized log-probability; k = 1
     * searches nothing (empty lists).
     */
    static List<List<String>> beams(Seq2SeqModel model, ExampleEncoder encoder, List<AssertionExample> examples, List<int[]> sources, int k,
                                   int maxLen, String label) {
        List<List<String>> out = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) out.add(new ArrayList<>());
        if (k == 1) return out;
        try (Progress progress = Progress.start("beam " + k + " " + label, sources.size())) {
            for (List<Integer> idx : AssertionPredictor.lengthBatches(sources, BATCH)) {
                List<List<int[]>> found = model.beamCandidates(idx.stream().map(sources::get).toList(), maxLen, k);
                for (int j = 0; j < idx.size(); j++) {
                    for (int[] ids : found.get(j)) out.get(idx.get(j)).add(encoder.decodeGenerated(examples.get(idx.get(j)), ids, maxLen));
                }
                progress.advance(idx.size());
            }
        }
        return out;
    }

    /** @param top1 the examples' top-1 texts; {@code beams} their beam hypotheses ({@link #beams}), in the same order */
    static List<List<String>> raw(List<String> top1, List<List<String>> beams, int k) {
        List<List<String>> out = new ArrayList<>(top1.size());
        for (int i = 0; i < top1.size(); i++) {
            List<String> list = new ArrayList<>(List.of(top1.get(i)));
            for (String c : beams.get(i)) add(list, c, k);
            out.add(list);
        }
        return out;
    }

    static List<List<String>> checked(List<String> checkedTop1, List<List<String>> raw, int k) {
        AstValidity syntax = new AstValidity();
        List<List<String>> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            List<String> list = new ArrayList<>(List.of(checkedTop1.get(i)));
            for (String c : raw.get(i)) if (!c.isBlank() && syntax.validLines(c).lines().count() == AssertionLines.of(c).size()) add(list, c, k);
            out.add(list);
        }
        return out;
    }

    private static void add(List<String> list, String candidate, int k) {
        if (list.size() >= k) return;
        String norm = AssertionLines.normalized(candidate);
        if (list.stream().noneMatch(x -> AssertionLines.normalized(x).equals(norm))) list.add(candidate);
    }
}
