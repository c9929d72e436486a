package dev.retort.text.embed;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One text field of a JSONL record, with the whole record kept as metadata. */
public record TextInput(long line, String text, Map<String, Object> record) {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** Records of {@code file} whose {@code field} is a non-blank string; others go to {@code bad}. */
    public static List<TextInput> read(Path file, String field, BadRecords bad) {
        List<TextInput> items = JsonlReader.readAll(file, bad, rec -> parse(rec, field));
        if (items.isEmpty()) throw noUsableRecords(file.toString(), field, bad);
        return items;
    }

    /** The error for an input without a single usable record. */
    public static BadInputException noUsableRecords(String file, String field, BadRecords bad) {
        return new BadInputException(file + ": no usable records with a string field '" + field + "'"
                + (bad.skipped() > 0 ? " (" + bad.skipped() + " skipped, first: " + bad.examples().getFirst() + ")" : ""));
    }

    /** The record's {@code field}; a missing, non-string or blank field is a BadInputException naming file and line. */
    public static TextInput parse(JsonRecord rec, String field) {
        String text = rec.text(field);
        if (text.isBlank()) throw rec.error(field, "is blank; there is nothing to embed");
        return new TextInput(rec.line(), text, Json.MAPPER.convertValue(rec.node(), MAP));
    }

    public static List<String> texts(List<TextInput> items) {
        return items.stream().map(TextInput::text).toList();
    }
}
