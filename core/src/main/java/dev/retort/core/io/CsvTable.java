package dev.retort.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.retort.core.BadInputException;
import dev.retort.core.RetortException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file with a header row, read whole; cells stay strings and typed access names file, line and column.
 * {@code rowLines.get(i)} is the 1-based line where row {@code i} starts (the header is line 1; a quoted
 * cell may span lines). Malformed files — ragged rows, repeated column names, an unclosed quote, bytes that
 * are not UTF-8 — are a {@link BadInputException} naming the file and line.
 */
public record CsvTable(Path file, List<String> columns, List<Map<String, String>> rows, List<Long> rowLines) {
    private static final CsvMapper MAPPER = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    public CsvTable {
        if (rowLines.size() != rows.size()) throw new IllegalArgumentException("one line number per row");
    }

    public static CsvTable read(Path file) {
        return read(file, null);
    }

    /**
     * A CSV file without a header row (e.g. ETHICS utilitarianism): every row is data and the cells are named
     * {@code columns}; row {@code i} starts on line {@code rowLines.get(i)}, the first row on line 1.
     */
    public static CsvTable readHeaderless(Path file, List<String> columns) {
        return read(file, List.copyOf(columns));
    }

    private static CsvTable read(Path file, List<String> givenColumns) {
        long line = 1;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<List<String>> it = MAPPER.readerForListOf(String.class).with(CsvSchema.emptySchema()).readValues(reader)) {
            if (givenColumns == null && !it.hasNext()) throw new BadInputException(file + ": empty CSV file (a header row is required)");
            List<String> header = new ArrayList<>(givenColumns == null ? it.next() : givenColumns);
            if (!header.isEmpty() && header.getFirst().startsWith("\uFEFF")) header.set(0, header.getFirst().substring(1));
            var seen = new HashSet<String>();
            for (String h : header) if (!seen.add(h)) throw BadInputException.at(file, 1, null, "column '" + h + "' appears twice in the header");
            List<Map<String, String>> rows = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            while (it.hasNext()) {
                line = it.getCurrentLocation().getLineNr();
                List<String> cells = it.next();
                if (cells.size() == 1 && cells.getFirst().isEmpty()) continue;
                if (cells.size() != header.size()) {
                    throw BadInputException.at(file, line, null, "row has " + cells.size() + " cells, header has " + header.size());
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) row.put(header.get(i), cells.get(i));
                rows.add(row);
                lines.add(line);
            }
            return new CsvTable(file, List.copyOf(header), rows, List.copyOf(lines));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + ": not valid UTF-8 text; save the file as UTF-8");
        } catch (JsonProcessingException e) {
            long at = e.getLocation() != null ? e.getLocation().getLineNr() : line;
            throw BadInputException.at(file, at, null, "malformed CSV: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            if (e instanceof BadInputException b) throw b;
            // MappingIterator wraps parse errors in unchecked exceptions
            if (e.getCause() instanceof CharacterCodingException) throw new BadInputException(file + ": not valid UTF-8 text; save the file as UTF-8");
            if (e.getCause() instanceof JsonProcessingException j && j.getLocation() != null) {
                throw BadInputException.at(file, j.getLocation().getLineNr(), null, "malformed CSV: " + j.getOriginalMessage());
            }
            throw BadInputException.at(file, line, null, "malformed CSV: " + e.getMessage());
        } catch (IOException e) {
            throw new RetortException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Cell text; a missing column is an error naming the file. */
    public String get(int row, String column) {
        String v = rows.get(row).get(column);
        if (v == null) throw BadInputException.at(file, rowLines.get(row), column, "no such column; columns are " + columns);
        return v;
    }

    /** A finite number cell. */
    public double number(int row, String column) {
        String v = get(row, column).trim();
        long line = rowLines.get(row);
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) throw BadInputException.at(file, line, column, "value is " + v + "; only finite numbers are accepted");
            return d;
        } catch (NumberFormatException e) {
            throw BadInputException.at(file, line, column, "expected a number, found '" + v + "'");
        }
    }
}
