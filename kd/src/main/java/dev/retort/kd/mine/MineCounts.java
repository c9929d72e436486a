package dev.retort.kd.mine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.io.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** Tallies of one mining run (or one artifact of it), in the order mine_report.json lists them. */
public final class MineCounts {
    private final Map<String, Long> counts = new LinkedHashMap<>();

    MineCounts() {
        for (String k : new String[]{"main_files", "test_files", "parse_errors", "main_classes", "test_classes", "test_methods",
                "without_assertions", "with_assertions", "multiline_literal_assertion", "no_focal_class", "no_focal_method",
                "ambiguous_overload", "matched", "matched_by_name", "matched_by_partial_name", "matched_by_last_call", "assertions"}) counts.put(k, 0L);
    }

    void add(String key, long n) {
        counts.merge(key, n, Long::sum);
    }

    void addAll(MineCounts other) {
        other.counts.forEach(this::add);
    }

    long get(String key) {
        return counts.getOrDefault(key, 0L);
    }

    /** The counts a {@link #toJson()} wrote, in the same order (so a report built from them is the same). */
    public static MineCounts fromJson(JsonNode json) {
        MineCounts c = new MineCounts();
        json.properties().forEach(e -> c.counts.put(e.getKey(), e.getValue().asLong()));
        return c;
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        counts.forEach(o::put);
        return o;
    }
}
