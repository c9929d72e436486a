package dev.retort.core.report;

import dev.retort.core.BadInputException;
import dev.retort.core.io.CsvTable;
import dev.retort.core.io.CsvWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A resumed run keeps the rows up to its checkpoint, drops later ones, and appends; curves are not doubled. */
class MetricsResumeTest {
    @Test
    void csvContinuationKeepsAcceptedRowsAndAppends(@TempDir Path dir) {
        Path f = dir.resolve("m.csv");
        try (CsvWriter w = CsvWriter.create(f, List.of("step", "v"))) {
            for (int s = 1; s <= 5; s++) w.row(s, s * 0.5);
        }
        try (CsvWriter w = CsvWriter.continueFrom(f, List.of("step", "v"), row -> Long.parseLong(row.get("step")) <= 3)) {
            w.row(4, "again");
        }
        CsvTable t = CsvTable.read(f);
        assertThat(t.rows()).extracting(r -> r.get("step") + "=" + r.get("v")).containsExactly("1=0.5", "2=1", "3=1.5", "4=again");
        assertThatThrownBy(() -> CsvWriter.continueFrom(f, List.of("step", "other"), row -> true))
                .isInstanceOf(BadInputException.class).hasMessageContaining("resume with the options");
        try (CsvWriter w = CsvWriter.continueFrom(dir.resolve("new.csv"), List.of("a"), row -> true)) {
            w.row(1);
        }
        assertThat(CsvTable.read(dir.resolve("new.csv")).rows()).hasSize(1);
    }

    @Test
    void resumedLoggerRewritesEventsAndChartsFromTheKeptRows(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("metrics.csv"), tb = dir.resolve("tb");
        try (MetricsLogger m = new MetricsLogger(csv, tb)) {
            for (int s = 1; s <= 6; s++) m.log(s, "loss", 10.0 - s);
        }
        try (MetricsLogger m = MetricsLogger.resume(csv, tb, 4)) {
            m.log(5, "loss", 0.5);
            assertThat(m.series("loss", "loss").x()).containsExactly(1, 2, 3, 4, 5);
        }
        assertThat(CsvTable.read(csv).rows()).extracting(r -> r.get("step")).containsExactly("1", "2", "3", "4", "5");
        List<Path> events;
        try (var files = Files.list(tb)) {
            events = files.toList();
        }
        assertThat(events).hasSize(1);
        assertThat(TfEventReader.read(events.getFirst()).scalars()).extracting(TfEventReader.Scalar::step).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    /** Map.of's order differs between JVMs; the logger writes an unordered map by tag and an ordered one as given. */
    @Test
    void anUnorderedMapIsLoggedByTagAnOrderedOneAsGiven(@TempDir Path dir) {
        Path csv = dir.resolve("metrics.csv");
        var ordered = new java.util.LinkedHashMap<String, Double>();
        ordered.put("z/last", 1.0);
        ordered.put("a/first", 2.0);
        try (MetricsLogger m = new MetricsLogger(csv, dir.resolve("tb"))) {
            m.log(1, java.util.Map.of("loss/train", 1.0, "loss/heldout", 2.0, "accuracy", 3.0, "entropy/match", 4.0));
            m.log(2, ordered);
        }
        assertThat(CsvTable.read(csv).rows()).extracting(r -> r.get("step") + " " + r.get("tag"))
                .containsExactly("1 accuracy", "1 entropy/match", "1 loss/heldout", "1 loss/train", "2 z/last", "2 a/first");
    }
}
