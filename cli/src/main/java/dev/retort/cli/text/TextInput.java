package dev.retort.cli.text;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One text field of each JSONL record, with the whole record kept as metadata. */
record TextInput(long line, String text, Map<String, Object> record) {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** Records of {@code file} whose {@code field} is a non-blank string; others go to {@code bad}. */
    static List<TextInput> read(Path file, String field, BadRecords bad) {
        List<TextInput> items = JsonlReader.readAll(file, bad, rec -> parse(rec, field));
        if (items.isEmpty()) {
            throw new BadInputException(file + ": no usable records with a string field '" + field + "'"
                    + (bad.skipped() > 0 ? " (" + bad.skipped() + " skipped, first: " + bad.examples().getFirst() + ")" : ""));
        }
        return items;
    }

    private static TextInput parse(JsonRecord rec, String field) {
        String text = rec.text(field);
        if (text.isBlank()) throw rec.error(field, "is blank; there is nothing to embed");
        return new TextInput(rec.line(), text, Json.MAPPER.convertValue(rec.node(), MAP));
    }

    static List<String> texts(List<TextInput> items) {
        return items.stream().map(TextInput::text).toList();
    }
}
