package dev.retort.spark.score;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.retort.core.BadInputException;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;
import dev.retort.spark.TableInput;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The rows of a feature table as {@code FeatureTable.read} reads them for {@code score apply}, one line at a time so
 * executors can parse them: the model's feature columns as numbers, the label when the table has the label column,
 * and the row id ({@code id} column, else the CSV data-row index or the JSONL line number). Errors carry the single
 * command's messages. A CSV row must sit on one line (a quoted cell across lines is refused: use JSONL or Parquet).
 */
final class FeatureRows {
    private FeatureRows() {
    }

    /** What an error stops: a whole-file error (CSV shape, JSON syntax) is found before any row's fields are read. */
    static final int FILE = 0, FIELDS = 1;

    /**
     * One non-blank line: the row (id, features, label or NaN), or its error; {@code phase} orders errors as the
     * single command meets them; {@code fatal} errors stop the job even with --skip-bad-records (CSV shape).
     */
    record Row(long line, String id, double[] x, double label, String error, int phase, boolean fatal, boolean hasLabel) implements Serializable {
        boolean ok() {
            return error == null;
        }
    }

    static boolean isCsv(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    /** The cells of one CSV line, or null for a blank line; malformed text is an error at {@code line}. */
    static List<String> cells(String file, long line, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        try (MappingIterator<List<String>> it = CSV.readerForListOf(String.class).with(CsvSchema.emptySchema()).readValues(text)) {
            if (!it.hasNext()) return null;
            List<String> cells = it.next();
            if (it.hasNext()) throw BadInputException.at(Path.of(file), line, null, "malformed CSV: more than one row on a line");
            if (cells.size() == 1 && cells.getFirst().isEmpty()) return null;
            return cells;
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) throw b;
            throw BadInputException.at(Path.of(file), line, null, "malformed CSV (spark score-apply needs each row on one line): " + e.getMessage());
        }
    }

    /** The header of a CSV file (its first line, a byte-order mark dropped). */
    static List<String> header(String file, byte[] firstLine) {
        List<String> h = cells(file, 1, firstLine);
        if (h == null) throw new BadInputException(file + ": empty CSV file (a header row is required)");
        h = new java.util.ArrayList<>(h);
        if (h.getFirst().startsWith("\uFEFF")) h.set(0, h.getFirst().substring(1));
        return List.copyOf(h);
    }

    /** A CSV data line; {@code index} is its row index among the data rows (the id when there is no id column). */
    static Row csv(String file, List<String> header, List<String> features, String labelField, TableInput.Line l, long index) {
        List<String> cells;
        try {
            cells = cells(file, l.number(), l.bytes());
        } catch (BadInputException e) {
            return new Row(l.number(), null, null, Double.NaN, e.getMessage(), FILE, true, false);
        }
        if (cells == null) return null;
        if (cells.size() != header.size())
            return new Row(l.number(), null, null, Double.NaN, BadInputException.at(Path.of(file), l.number(), null,
                    "row has " + cells.size() + " cells, header has " + header.size()).getMessage(), FILE, true, false);
        boolean labelled = labelField != null && header.contains(labelField);
        try {
            double[] x = new double[features.size()];
            for (int j = 0; j < x.length; j++) x[j] = number(file, l.number(), features.get(j), cells.get(header.indexOf(features.get(j))));
            double y = labelled ? label(cells.get(header.indexOf(labelField)), file, l.number(), labelField) : Double.NaN;
            int idColumn = header.indexOf("id");
            return new Row(l.number(), idColumn >= 0 ? cells.get(idColumn) : Long.toString(index), x, y, null, FIELDS, false, labelled);
        } catch (BadInputException e) {
            return new Row(l.number(), null, null, Double.NaN, e.getMessage(), FIELDS, false, labelled);
        }
    }

    /** A JSONL (or Parquet row) line; {@code labelled} when some record of the file has the label field. */
    static Row json(String file, List<String> features, String labelField, boolean labelled, TableInput.Line l) {
        JsonRecord r;
        try {
            r = JsonlReader.parseLine(Path.of(file), l.number(), l.bytes(), l.bytes().length);
        } catch (BadInputException e) {
            return new Row(l.number(), null, null, Double.NaN, e.getMessage(), FILE, false, false);
        }
        if (r == null) return null;
        boolean hasLabel = labelField != null && r.has(labelField);
        try {
            double[] x = new double[features.size()];
            for (int j = 0; j < x.length; j++) x[j] = r.number(features.get(j));
            double y = labelled ? (r.bool(labelField) ? 1 : 0) : Double.NaN;
            return new Row(l.number(), r.has("id") ? r.node().get("id").asText() : Long.toString(r.line()), x, y, null, FIELDS, false, hasLabel);
        } catch (BadInputException e) {
            return new Row(l.number(), null, null, Double.NaN, e.getMessage(), FIELDS, false, hasLabel);
        }
    }

    /** Whether the line is a JSON record holding {@code labelField} (the table is labelled when one is). */
    static boolean hasLabel(String file, String labelField, TableInput.Line l) {
        if (labelField == null) return false;
        try {
            JsonRecord r = JsonlReader.parseLine(Path.of(file), l.number(), l.bytes(), l.bytes().length);
            return r != null && r.has(labelField);
        } catch (BadInputException e) {
            return false;
        }
    }

    /** Whether a CSV line is blank (a malformed one is not: its error must come out). */
    static boolean blankCsv(String file, TableInput.Line l) {
        try {
            return cells(file, l.number(), l.bytes()) == null;
        } catch (BadInputException e) {
            return false;
        }
    }

    /** As {@code CsvTable.number}: a finite number cell. */
    private static double number(String file, long line, String column, String cell) {
        String v = cell.trim();
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) throw BadInputException.at(Path.of(file), line, column, "value is " + v + "; only finite numbers are accepted");
            return d;
        } catch (NumberFormatException e) {
            throw BadInputException.at(Path.of(file), line, column, "expected a number, found '" + v + "'");
        }
    }

    /** As {@code FeatureTable}'s CSV label: 0/1 or true/false. */
    private static double label(String v, String file, long line, String field) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "1.0", "true" -> 1;
            case "0", "0.0", "false" -> 0;
            default -> throw BadInputException.at(Path.of(file), line, field, "label must be 0/1 or true/false, found '" + v + "'");
        };
    }
}
