package dev.retort.core.io;

import dev.retort.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTest {

    @Test
    void roundTripsQuotesCommasAndNewlines(@TempDir Path dir) {
        Path f = dir.resolve("t.csv");
        List<String> tricky = List.of("plain", "a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", "", " padded ", "\u00e9\u4e2d\ud83d\ude00");
        try (CsvWriter w = CsvWriter.create(f, List.of("id", "text", "score"))) {
            for (int i = 0; i < tricky.size(); i++) w.row(i, tricky.get(i), i / 4.0);
            assertThat(w.header()).containsExactly("id", "text", "score");
        }
        CsvTable t = CsvTable.read(f);
        assertThat(t.columns()).containsExactly("id", "text", "score");
        assertThat(t.rows()).hasSize(tricky.size());
        for (int i = 0; i < tricky.size(); i++) {
            assertThat(t.get(i, "text")).as("row %d", i).isEqualTo(tricky.get(i));
            assertThat(t.number(i, "id")).isEqualTo(i);
            assertThat(t.number(i, "score")).isEqualTo(i / 4.0);
        }
        // rows 3 and 4 span two lines each, so later rows start further down
        assertThat(t.rowLines()).containsExactly(2L, 3L, 4L, 5L, 7L, 9L, 10L, 11L);
    }

    @Test
    void formatsNumbersInShortestRoundTripForm() {
        assertThat(CsvWriter.format(3.0)).isEqualTo("3");
        assertThat(CsvWriter.format(0.1f)).isEqualTo(Double.toString(0.1f));
        assertThat(CsvWriter.format(1e20)).isEqualTo("1.0E20");
        assertThat(CsvWriter.format(-0.5)).isEqualTo("-0.5");
        assertThat(CsvWriter.format(null)).isEmpty();
        assertThat(Double.parseDouble(CsvWriter.format(Math.PI))).isEqualTo(Math.PI);
    }

    @Test
    void rowWithWrongLengthIsRefused(@TempDir Path dir) {
        try (CsvWriter w = CsvWriter.create(dir.resolve("x.csv"), List.of("a", "b"))) {
            assertThatThrownBy(() -> w.row(1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header has 2");
        }
    }

    @Test
    void errorsNameFileLineAndColumn(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.csv");
        Files.writeString(f, "name,value\nx,1.5\n\"multi\nline\",oops\nz,NaN\n");
        CsvTable t = CsvTable.read(f);
        assertThat(t.number(0, "value")).isEqualTo(1.5);
        assertThatThrownBy(() -> t.number(1, "value")).isInstanceOf(BadInputException.class)
                .hasMessage(f + ":3: field 'value': expected a number, found 'oops'");
        assertThatThrownBy(() -> t.number(2, "value")).isInstanceOf(BadInputException.class)
                .hasMessage(f + ":5: field 'value': value is NaN; only finite numbers are accepted");
        assertThatThrownBy(() -> t.get(0, "nope")).isInstanceOf(BadInputException.class)
                .hasMessage(f + ":2: field 'nope': no such column; columns are [name, value]");
    }

    @Test
    void malformedFilesAreBadInputWithTheirLine(@TempDir Path dir) throws IOException {
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "a,b\n1,2\n\n3\n");
        assertThatThrownBy(() -> CsvTable.read(ragged)).isInstanceOf(BadInputException.class)
                .hasMessage(ragged + ":4: row has 1 cells, header has 2");

        Path dup = dir.resolve("dup.csv");
        Files.writeString(dup, "a,b,a\n1,2,3\n");
        assertThatThrownBy(() -> CsvTable.read(dup)).isInstanceOf(BadInputException.class)
                .hasMessage(dup + ":1: column 'a' appears twice in the header");

        Path unclosed = dir.resolve("unclosed.csv");
        Files.writeString(unclosed, "a,b\n1,\"never closed\n2,3\n");
        assertThatThrownBy(() -> CsvTable.read(unclosed)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(unclosed + ":").hasMessageContaining("malformed CSV");

        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> CsvTable.read(empty)).isInstanceOf(BadInputException.class).hasMessageContaining("empty CSV");

        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "a\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CsvTable.read(latin1)).isInstanceOf(BadInputException.class)
                .hasMessage(latin1 + ": not valid UTF-8 text; save the file as UTF-8");

        Path missing = dir.resolve("missing.csv");
        assertThatThrownBy(() -> CsvTable.read(missing)).isInstanceOf(BadInputException.class).hasMessage(missing + ": no such file");
    }

    @Test
    void byteOrderMarkDoesNotBecomePartOfTheFirstColumnName(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("excel.csv");
        Files.writeString(f, "\uFEFFid,v\n7,8\n");
        assertThat(CsvTable.read(f).number(0, "id")).isEqualTo(7);
    }
}
