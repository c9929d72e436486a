package dev.retort.spark.embed;

import dev.retort.core.BadInputException;
import dev.retort.core.io.JsonlReader;
import dev.retort.core.io.JsonRecord;
import dev.retort.text.embed.TextInput;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A JSONL file (any Hadoop path; {@code .gz} and other Hadoop codecs decompressed) as records of one text field,
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

    /** The non-blank lines of {@code file} in file order, each parsed for {@code field}. */
    static JavaRDD<Parsed> read(JavaSparkContext jsc, String file, String field) {
        Configuration conf = new Configuration(jsc.hadoopConfiguration());
        conf.set("textinputformat.record.delimiter", "\n");   // not \r: JsonlReader keeps a lone \r inside a line
        return jsc.newAPIHadoopFile(file, TextInputFormat.class, LongWritable.class, Text.class, conf)
                .map(t -> Arrays.copyOf(t._2().getBytes(), t._2().getLength()))   // Hadoop reuses its Text objects
                .zipWithIndex()
                .map(t -> parse(file, field, t._2() + 1, t._1()))
                .filter(p -> p != null);
    }

    private static Parsed parse(String file, String field, long line, byte[] bytes) {
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
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
