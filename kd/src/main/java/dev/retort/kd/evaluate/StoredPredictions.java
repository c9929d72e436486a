package dev.retort.kd.evaluate;

import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code predicted_assertions} a file already carries (the original pipeline's teacher-logit files and retort's
 * prediction files have them), so {@code kd evaluate} can score a model's output without the model. A list of
 * assertions is joined by newlines, as targets are.
 */
public final class StoredPredictions {
    public static final String FIELD = "predicted_assertions";

    private StoredPredictions() {
    }

    /**
     * The stored prediction of each example, in the examples' order, matched by id (records without an id are
     * matched by file and line, as {@link AssertionDataset#parse} names them). A record without the field, or an
     * example with no record, is an error naming the file, line and field.
     */
    public static List<String> read(Path jsonl, List<AssertionExample> examples, BadRecords badRecords) {
        Map<String, String> byId = new HashMap<>();
        try (JsonlReader reader = JsonlReader.open(jsonl, badRecords)) {
            boolean first = true;
            for (JsonRecord rec : reader) {
                boolean header = first && rec.has("header");
                first = false;
                if (header) continue;
                try {
                    String id = AssertionDataset.parse(rec).id();
                    if (!rec.has(FIELD)) throw rec.error(FIELD, "missing: without --teacher-model-path or --student-model-path "
                            + "every record must carry the prediction to score");
                    byId.put(id, String.join("\n", rec.texts(FIELD)));
                } catch (BadInputException e) {
                    badRecords.handle(e);
                }
            }
        }
        return examples.stream().map(e -> {
            String p = byId.get(e.id());
            if (p == null) throw new BadInputException(jsonl + ": example " + e.id() + " has no " + FIELD);
            return p;
        }).toList();
    }
}
