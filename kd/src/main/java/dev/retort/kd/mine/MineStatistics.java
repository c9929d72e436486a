package dev.retort.kd.mine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.io.Json;
import dev.retort.kd.data.AssertionExample;

import java.util.List;

/** Distribution of assertions per mined method for mine_report.json. */
final class MineStatistics {
    private MineStatistics() {
    }

    /** Assertions per test method (per-assertion examples of one method are added up). */
    static ObjectNode assertionsPerMethod(List<AssertionExample> examples) {
        java.util.Map<String, Integer> perMethod = new java.util.LinkedHashMap<>();
        for (AssertionExample e : examples) perMethod.merge(e.artifact() + "/" + e.methodId(), e.assertions().size(), Integer::sum);
        int[] n = perMethod.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        ObjectNode o = Json.object();
        o.put("mean", n.length == 0 ? 0 : Math.round(java.util.Arrays.stream(n).average().orElse(0) * 100) / 100.0);
        o.put("median", n.length == 0 ? 0 : n.length % 2 == 1 ? n[n.length / 2] : (n[n.length / 2 - 1] + n[n.length / 2]) / 2.0);
        o.put("max", n.length == 0 ? 0 : n[n.length - 1]);
        ObjectNode hist = o.putObject("histogram");
        for (String bucket : List.of("1", "2", "3", "4", "5-9", "10+")) hist.put(bucket, 0);
        for (int k : n) {
            String bucket = k <= 4 ? String.valueOf(k) : k < 10 ? "5-9" : "10+";
            hist.put(bucket, hist.get(bucket).asInt() + 1);
        }
        return o;
    }
}
