package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.CsvTable;
import dev.retort.core.io.CsvWriter;
import dev.retort.core.io.JsonRecord;
import dev.retort.core.io.JsonlReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rows of named numeric features, optional 0/1 labels and row ids: what {@code score fit} and {@code score apply}
 * read (CSV with a header, or JSONL) and what {@link FeatureBuilder} writes.
 *
 * @param labels null when the table has no label column
 */
public record FeatureTable(List<String> names, double[][] rows, double[] labels, List<String> ids) {
    static final Set<String> NOT_FEATURES = Set.of("id", "text", "label");

    public int size() {
        return rows.length;
    }

    /** Column {@code j} as an array. */
    public double[] column(int j) {
        double[] c = new double[rows.length];
        for (int i = 0; i < rows.length; i++) c[i] = rows[i][j];
        return c;
    }

    /** The rows at {@code index}, in that order. */
    public FeatureTable subset(int[] index) {
        double[][] r = new double[index.length][];
        double[] y = labels == null ? null : new double[index.length];
        List<String> id = new ArrayList<>();
        for (int k = 0; k < index.length; k++) {
            r[k] = rows[index[k]];
            if (y != null) y[k] = labels[index[k]];
            id.add(ids.get(index[k]));
        }
        return new FeatureTable(names, r, y, id);
    }

    /** {train, held-out}: a seeded random fraction {@code holdout} ∈ (0, 1) of the rows is held out. */
    public FeatureTable[] split(double holdout, dev.retort.core.Rng rng) {
        int[][] parts = Epochs.split(size(), holdout, rng);
        return new FeatureTable[]{subset(parts[0]), subset(parts[1])};
    }

    /** Writes id, the features and (when present) label as CSV, readable again by {@link #read}. */
    public void writeCsv(Path file) {
        List<String> header = new ArrayList<>(List.of("id"));
        header.addAll(names);
        if (labels != null) header.add("label");
        try (CsvWriter csv = CsvWriter.create(file, header)) {
            for (int i = 0; i < rows.length; i++) {
                List<Object> row = new ArrayList<>(List.of(ids.get(i)));
                for (double v : rows[i]) row.add(v);
                if (labels != null) row.add((int) labels[i]);
                csv.row(row.toArray());
            }
        }
    }

    /**
     * Reads a .csv or .jsonl(.gz) table. A column holding a number in any row is a feature, and then every row must
     * hold a number there: a bad or empty cell is an error naming the file, line and column, or (with
     * {@code --skip-bad-records}) skips that row — never the whole column.
     *
     * @param columns    the feature columns to use; empty = every numeric column except id, text and the label
     * @param labelField the 0/1 (or true/false) label column; null or absent in the file = unlabelled
     * @throws BadInputException when no usable row is left
     */
    public static FeatureTable read(Path file, List<String> columns, String labelField, BadRecords bad) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") ? readCsv(file, columns, labelField, bad) : readJsonl(file, columns, labelField, bad);
    }

    private static FeatureTable readCsv(Path file, List<String> columns, String labelField, BadRecords bad) {
        CsvTable t = CsvTable.read(file);
        List<String> names = columns.isEmpty() ? numericColumns(t, labelField) : columns;
        for (String c : names) if (!t.columns().contains(c)) throw new BadInputException(file + ": no column '" + c + "'; columns are " + t.columns());
        boolean labelled = labelField != null && t.columns().contains(labelField);
        Rows rows = new Rows(names, labelled);
        for (int i = 0; i < t.rows().size(); i++) {
            try {
                double[] x = new double[names.size()];
                for (int j = 0; j < x.length; j++) x[j] = t.number(i, names.get(j));
                double y = labelled ? label(t.get(i, labelField), file, t.rowLines().get(i), labelField) : Double.NaN;
                rows.add(x, y, t.columns().contains("id") ? t.get(i, "id") : Integer.toString(i));
            } catch (BadInputException e) {
                bad.handle(e);
            }
        }
        return rows.table(file);
    }

    /** Columns (other than id, text and the label) with a number in at least one row. */
    private static List<String> numericColumns(CsvTable t, String labelField) {
        List<String> out = new ArrayList<>();
        for (String c : t.columns()) {
            if (NOT_FEATURES.contains(c) || c.equals(labelField)) continue;
            for (int i = 0; i < t.rows().size(); i++) {
                if (isNumber(t.get(i, c))) {
                    out.add(c);
                    break;
                }
            }
        }
        if (out.isEmpty()) throw new BadInputException(t.file() + (t.rows().isEmpty() ? ": no rows" : ": no numeric feature columns; name them with --columns"));
        return out;
    }

    private static boolean isNumber(String cell) {
        try {
            Double.parseDouble(cell.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double label(String v, Path file, long line, String field) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "1.0", "true" -> 1;
            case "0", "0.0", "false" -> 0;
            default -> throw BadInputException.at(file, line, field, "label must be 0/1 or true/false, found '" + v + "'");
        };
    }

    private static FeatureTable readJsonl(Path file, List<String> columns, String labelField, BadRecords bad) {
        List<JsonRecord> recs = JsonlReader.readAll(file, bad, r -> r);
        if (recs.isEmpty()) throw new BadInputException(file + ": no records");
        List<String> names = columns;
        if (names.isEmpty()) {
            Set<String> found = new LinkedHashSet<>();
            for (JsonRecord r : recs) r.node().properties().forEach(e -> {
                if (e.getValue().isNumber() && !NOT_FEATURES.contains(e.getKey()) && !e.getKey().equals(labelField)) found.add(e.getKey());
            });
            if (found.isEmpty()) throw new BadInputException(file + ": no record has a numeric feature field; name them with --columns");
            names = List.copyOf(found);
        }
        boolean labelled = labelField != null && recs.stream().anyMatch(r -> r.has(labelField));
        Rows rows = new Rows(names, labelled);
        for (JsonRecord r : recs) {
            try {
                double[] x = new double[names.size()];
                for (int j = 0; j < x.length; j++) x[j] = r.number(names.get(j));
                rows.add(x, labelled ? (r.bool(labelField) ? 1 : 0) : Double.NaN, r.has("id") ? r.node().get("id").asText() : Long.toString(r.line()));
            } catch (BadInputException e) {
                bad.handle(e);
            }
        }
        return rows.table(file);
    }

    /** The rows read so far; a table needs at least one. */
    private static final class Rows {
        final List<String> names;
        final boolean labelled;
        final List<double[]> x = new ArrayList<>();
        final List<Double> y = new ArrayList<>();
        final List<String> ids = new ArrayList<>();

        Rows(List<String> names, boolean labelled) {
            this.names = List.copyOf(names);
            this.labelled = labelled;
        }

        void add(double[] row, double label, String id) {
            x.add(row);
            y.add(label);
            ids.add(id);
        }

        FeatureTable table(Path file) {
            if (x.isEmpty()) throw new BadInputException(file + ": no usable rows (the file has none, or every row was bad and skipped)");
            return new FeatureTable(names, x.toArray(double[][]::new), labelled ? y.stream().mapToDouble(Double::doubleValue).toArray() : null, ids);
        }
    }
}
