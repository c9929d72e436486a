package dev.retort.kd.logits;

import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams a teacher-logit file one record at a time, in either format: a record with
 * {@code compressed_logits} is read as {@link CourseFormat}, one with {@code topk_logits} as {@link TopKFormat}.
 * A {@code {"header": …}} first line is skipped. A bad record (malformed hex, truncated frame, wrong size,
 * NaN, missing field) fails with a {@link BadInputException} naming file, line and field, or is counted and
 * skipped under {@link BadRecords#skipAndCount()}.
 */
public final class TeacherLogitsReader implements Iterable<TeacherExample>, AutoCloseable {
    private final JsonlReader reader;
    private final BadRecords badRecords;

    private TeacherLogitsReader(JsonlReader reader, BadRecords badRecords) {
        this.reader = reader;
        this.badRecords = badRecords;
    }

    public static TeacherLogitsReader open(Path file, BadRecords badRecords) {
        return new TeacherLogitsReader(JsonlReader.open(file, badRecords), badRecords);
    }

    public static List<TeacherExample> readAll(Path file, BadRecords badRecords) {
        List<TeacherExample> out = new ArrayList<>();
        try (TeacherLogitsReader r = open(file, badRecords)) {
            r.forEach(out::add);
        }
        return out;
    }

    /** One record of either format. */
    public static TeacherExample parse(JsonRecord rec) {
        AssertionExample example = AssertionDataset.parse(rec);
        String predicted = rec.optText("predicted_assertions").orElse("");
        TeacherLogits logits;
        if (rec.has("compressed_logits")) logits = CourseFormat.decode(rec, example.id());
        else if (rec.has("topk_logits")) logits = TopKFormat.decode(rec, example.id());
        else throw rec.error("compressed_logits", "missing: a teacher-logit record needs compressed_logits (course format) or topk_logits");
        return new TeacherExample(example, predicted, logits);
    }

    @Override
    public Iterator<TeacherExample> iterator() {
        Iterator<JsonRecord> records = reader.iterator();
        return new Iterator<>() {
            private boolean first = true;
            private TeacherExample next = advance();

            private TeacherExample advance() {
                while (records.hasNext()) {
                    JsonRecord rec = records.next();
                    boolean header = first && rec.has("header");
                    first = false;
                    if (header) continue;
                    try {
                        return parse(rec);
                    } catch (BadInputException e) {
                        badRecords.handle(e);
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public TeacherExample next() {
                if (next == null) throw new NoSuchElementException();
                TeacherExample r = next;
                next = advance();
                return r;
            }
        };
    }

    @Override
    public void close() {
        reader.close();
    }
}
