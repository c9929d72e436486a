package dev.retort.kd.evaluate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.io.CsvWriter;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonlWriter;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.text.metrics.ExampleScores;
import dev.retort.text.metrics.MetricsSummary;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the original pipeline's prediction outputs into a run directory: {@code predictions_<tag>.jsonl}
 * (the example, {@code predicted_assertions} and its scores), {@code metrics_<tag>.csv} (metric, value) and
 * {@code metrics_summary_<tag>.json}.
 */
public final class PredictionFiles {
    private PredictionFiles() {
    }

    public static void write(Path dir, String tag, List<AssertionExample> examples, List<String> predictions,
                             List<ExampleScores> scores, MetricsSummary summary, Map<String, ?> extra) {
        write(dir, tag, examples, predictions, null, scores, summary, extra);
    }

    /**
     * As {@link #write(Path, String, List, List, List, MetricsSummary, Map)}, each record also carrying the model's raw
     * candidates ({@code raw_predicted_assertions}: its greedy text before the syntax check; {@code candidates}: its
     * top-k list), when {@code rawCandidates} is not null.
     */
    public static void write(Path dir, String tag, List<AssertionExample> examples, List<String> predictions, List<List<String>> rawCandidates,
                             List<ExampleScores> scores, MetricsSummary summary, Map<String, ?> extra) {
        try (JsonlWriter w = JsonlWriter.create(dir.resolve("predictions_" + tag + ".jsonl"))) {
            for (int i = 0; i < examples.size(); i++) {
                ObjectNode o = AssertionDataset.toJson(examples.get(i));
                o.put("predicted_assertions", predictions.get(i));
                if (rawCandidates != null) {
                    o.put("raw_predicted_assertions", rawCandidates.get(i).getFirst());
                    var list = o.putArray("candidates");
                    rawCandidates.get(i).forEach(list::add);
                }
                ExampleScores s = scores.get(i);
                o.put("bleu", s.bleu());
                o.put("exact_match", s.exactMatch());
                o.put("f1", s.f1());
                o.put("pans", s.pans());
                o.put("ast_valid", s.astValid());
                if (!Double.isNaN(s.semantic())) o.put("semantic_similarity", s.semantic());
                o.put("code_quality", s.codeQuality());
                w.write(o);
            }
            w.commit();
        }
        try (CsvWriter csv = CsvWriter.create(dir.resolve("metrics_" + tag + ".csv"), List.of("metric", "value"))) {
            summary.asMap().forEach((k, v) -> csv.row(k, v));
            csv.row("examples", summary.examples());
        }
        ObjectNode json = Json.object();
        json.put("examples", summary.examples());
        summary.asMap().forEach((k, v) -> {
            if (Double.isNaN(v)) json.putNull(k);
            else json.put(k, v);
        });
        json.set("details", Json.MAPPER.valueToTree(extra));
        Json.write(dir.resolve("metrics_summary_" + tag + ".json"), json);
    }
}
