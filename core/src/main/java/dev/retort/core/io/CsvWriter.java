package dev.retort.core.io;

import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A CSV file with a fixed header, written row by row and flushed after each row so a long run's metrics
 * can be read while it goes. RFC 4180 quoting; floating-point values in shortest round-trip form.
 */
public final class CsvWriter implements AutoCloseable {
    private final Path file;
    private final List<String> header;
    private final BufferedWriter out;

    private CsvWriter(Path file, List<String> header, BufferedWriter out) {
        this.file = file;
        this.header = List.copyOf(header);
        this.out = out;
    }

    /** Creates (or truncates) {@code file} and writes the header. */
    public static CsvWriter create(Path file, List<String> header) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            CsvWriter w = new CsvWriter(file, header, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
            w.writeLine(header.toArray());
            return w;
        } catch (IOException e) {
            throw new RetortException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Continues a file an interrupted run wrote: keeps its header and the rows {@code keep} accepts (e.g. those up
     * to the step a run resumes from), rewritten atomically, then appends. Creates the file if it does not exist.
     */
    public static CsvWriter continueFrom(Path file, List<String> header, Predicate<Map<String, String>> keep) {
        if (!Files.isRegularFile(file)) return create(file, header);
        CsvTable earlier = CsvTable.read(file);
        if (!earlier.columns().equals(header)) {
            throw new BadInputException(file + " has the columns " + earlier.columns() + " but this run writes " + header
                    + "; resume with the options of the original run");
        }
        AtomicFiles.write(file, out -> {
            try (CsvWriter kept = new CsvWriter(file, header, new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)))) {
                kept.writeLine(header.toArray());
                for (Map<String, String> row : earlier.rows()) if (keep.test(row)) kept.writeLine(header.stream().map(row::get).toArray());
            }
        });
        try {
            return new CsvWriter(file, header, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new RetortException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    public List<String> header() {
        return header;
    }

    /** One row; values are formatted with {@link #format(Object)}. Its length must match the header. */
    public synchronized void row(Object... values) {
        if (values.length != header.size()) {
            throw new IllegalArgumentException("row has " + values.length + " values, header has " + header.size());
        }
        writeLine(values);
    }

    private void writeLine(Object[] values) {
        try {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) out.write(',');
                out.write(quote(format(values[i])));
            }
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new RetortException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whole numbers without ".0"; other floats and doubles in their shortest round-trip digits (a float as a
     * float: 0.1f is "0.1"), written out in plain notation between 1e-4 and 1e15 (a wall time reads
     * {@code 1795281875.085}, not {@code 1.795281875085E9}).
     */
    public static String format(Object v) {
        return switch (v) {
            case null -> "";
            case Double d -> decimal(d, Double.toString(d));
            case Float f -> decimal(f, Float.toString(f));
            default -> String.valueOf(v);
        };
    }

    private static String decimal(double d, String shortest) {
        if (!Double.isFinite(d)) return shortest;
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf((long) d);
        double abs = Math.abs(d);
        return abs >= 1e-4 && abs < 1e15 ? new BigDecimal(shortest).toPlainString() : shortest;
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new RetortException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
