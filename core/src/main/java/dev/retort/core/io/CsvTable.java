package dev.retort.core.io;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.retort.core.BadInputException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A CSV file with a header row, read whole; cells stay strings and typed access names file, line and column. */
public record CsvTable(Path file, List<String> columns, List<Map<String, String>> rows) {
    private static final CsvMapper MAPPER = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    public static CsvTable read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<List<String>> it = MAPPER.readerForListOf(String.class).with(CsvSchema.emptySchema()).readValues(reader)) {
            if (!it.hasNext()) throw new BadInputException(file + ": empty CSV file (a header row is required)");
            List<String> header = it.next();
            List<Map<String, String>> rows = new ArrayList<>();
            while (it.hasNext()) {
                List<String> cells = it.next();
                if (cells.size() == 1 && cells.getFirst().isEmpty()) continue;
                if (cells.size() != header.size()) {
                    throw BadInputException.at(file, rows.size() + 2, null,
                            "row has " + cells.size() + " cells, header has " + header.size());
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) row.put(header.get(i), cells.get(i));
                rows.add(row);
            }
            return new CsvTable(file, List.copyOf(header), rows);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) throw b;
            throw new BadInputException(file + ": malformed CSV: " + e.getMessage(), e);
        }
    }

    /** Cell text; a missing column is an error naming the file. */
    public String get(int row, String column) {
        String v = rows.get(row).get(column);
        if (v == null) throw BadInputException.at(file, row + 2, column, "no such column; columns are " + columns);
        return v;
    }

    /** A finite number cell (line numbers count the header as line 1). */
    public double number(int row, String column) {
        String v = get(row, column).trim();
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) throw BadInputException.at(file, row + 2, column, "value is " + v + "; only finite numbers are accepted");
            return d;
        } catch (NumberFormatException e) {
            throw BadInputException.at(file, row + 2, column, "expected a number, found '" + v + "'");
        }
    }
}
