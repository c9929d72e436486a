package dev.retort.core.io;

import dev.retort.core.RetortException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    public static String format(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : d.toString();
        if (v instanceof Float f) return format(f.doubleValue());
        return String.valueOf(v);
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
