package dev.retort.kd.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;
import dev.retort.core.io.JsonlWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes assertion data sets as JSONL. Reading accepts the records {@code retort kd mine} writes
 * and the original Python pipeline's flavours: {@code focal_method} or {@code focal_file},
 * {@code assertions} or {@code original_target}, each a string or a list of strings, and an optional
 * {@code {"header": …}} first line, which is skipped. Records without an {@code id} get {@code <file>:<line>}.
 */
public final class AssertionDataset {
    private AssertionDataset() {
    }

    public static List<AssertionExample> read(Path jsonl, BadRecords badRecords) {
        List<AssertionExample> out = new ArrayList<>();
        try (JsonlReader reader = JsonlReader.open(jsonl, badRecords)) {
            boolean first = true;
            for (JsonRecord rec : reader) {
                boolean header = first && rec.has("header");
                first = false;
                if (header) continue;
                try {
                    out.add(parse(rec));
                } catch (BadInputException e) {
                    badRecords.handle(e);
                }
            }
        }
        return out;
    }

    /** One record in any accepted flavour; a missing or mistyped field fails naming file, line and field. */
    public static AssertionExample parse(JsonRecord rec) {
        String focalFile = rec.optText("focal_file").orElse(null);
        String focalMethod = rec.has("focal_method") ? rec.text("focal_method") : focalFile;
        if (focalMethod == null) throw rec.error("focal_method", "missing (and no focal_file either)");
        String masked = rec.text("test_method_masked");
        List<String> assertions = rec.has("assertions") ? rec.texts("assertions")
                : rec.has("original_target") ? rec.texts("original_target")
                : null;
        if (assertions == null) throw rec.error("assertions", "missing (and no original_target either)");
        String id = rec.has("id") ? idText(rec) : rec.file().getFileName() + ":" + rec.line();
        return new AssertionExample(id, focalMethod, masked, assertions,
                rec.optText("artifact").orElse(null), rec.optText("test_class").orElse(null),
                rec.optText("focal_class").orElse(null), focalFile,
                rec.optText("method_id").orElse(id), rec.optText("split_group").orElse(null));
    }

    private static String idText(JsonRecord rec) {
        var node = rec.node().get("id");
        if (node.isTextual() || node.isIntegralNumber()) return node.asText();
        throw rec.error("id", "expected a string or an integer, found " + node.getNodeType().name().toLowerCase());
    }

    /** The record as {@code retort kd mine} writes it (null fields left out). */
    public static ObjectNode toJson(AssertionExample e) {
        ObjectNode o = Json.object();
        o.put("id", e.id());
        if (e.artifact() != null) o.put("artifact", e.artifact());
        o.put("method_id", e.methodId());
        if (e.splitGroup() != null) o.put("split_group", e.splitGroup());
        if (e.testClass() != null) o.put("test_class", e.testClass());
        if (e.focalClass() != null) o.put("focal_class", e.focalClass());
        o.put("focal_method", e.focalMethod());
        if (e.focalFile() != null) o.put("focal_file", e.focalFile());
        o.put("test_method_masked", e.testMethodMasked());
        var list = o.putArray("assertions");
        e.assertions().forEach(list::add);
        return o;
    }

    /** n examples evenly spaced over the list, in order (all of them when it has at most n, or when n is 0). */
    public static List<AssertionExample> spread(List<AssertionExample> examples, int n) {
        if (n <= 0 || examples.size() <= n) return examples;
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> examples.get((int) ((long) i * examples.size() / n))).toList();
    }

    /** Writes a whole data set atomically. */
    public static void write(Path jsonl, List<AssertionExample> examples) {
        try (JsonlWriter w = JsonlWriter.create(jsonl)) {
            for (AssertionExample e : examples) w.write(toJson(e));
            w.commit();
        }
    }
}
