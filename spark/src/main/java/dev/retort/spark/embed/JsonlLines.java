package dev.retort.spark.embed;

import dev.retort.core.BadInputException;
import dev.retort.core.io.JsonlReader;
import dev.retort.core.io.JsonRecord;
import dev.retort.text.embed.TextInput;
import dev.retort.spark.TableInput;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A JSONL file (any Hadoop path; {@code .gz} and other Hadoop codecs decompressed), or Parquet, as records of one text field,
 * numbered by line as {@link JsonlReader} numbers them: lines end at {@code \n} only, a {@code \r} before it is
 * dropped, blank lines are skipped, and each line is checked by {@link JsonlReader#parseLine} and
 * {@link TextInput#parse}, so a bad record has the message the single-machine command gives.
 */
final class JsonlLines {
    private JsonlLines() {
    }

    /** One non-blank line: its number and either its text field and whole line, or the error that makes it a bad record. */
    record Parsed(long line, String text, String json, String error) implements Serializable {
        boolean ok() {
            return error == null;
        }

        /** The record as {@link TextInput} (for the index metadata), parsed again from the kept line. */
        TextInput input(String file, String field) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            return TextInput.parse(JsonlReader.parseLine(Path.of(file), line, bytes, bytes.length), field);
        }
    }

    /** The non-blank lines of {@code file} (JSONL, or Parquet rows as JSON: {@link TableInput}) in file order, each parsed for {@code field}. */
    static JavaRDD<Parsed> read(SparkSession spark, String file, String field) {
        return TableInput.read(spark, file).map(l -> parse(file, field, l.number(), l.bytes())).filter(p -> p != null);
    }

    private static Parsed parse(String file, String field, long line, byte[] bytes) {
        int length = bytes.length;   // TableInput dropped the \r before the \n
        try {
            JsonRecord record = JsonlReader.parseLine(Path.of(file), line, bytes, length);
            if (record == null) return null;
            String text = TextInput.parse(record, field).text();
            String json = new String(bytes, 0, length, StandardCharsets.UTF_8);
            return new Parsed(line, text, json, null);
        } catch (BadInputException e) {
            return new Parsed(line, null, null, e.getMessage());
        }
    }
}
