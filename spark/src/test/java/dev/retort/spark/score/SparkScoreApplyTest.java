package dev.retort.spark.score;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;
import dev.retort.spark.PartStore;
import dev.retort.spark.TableInput;
import dev.retort.spark.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static dev.retort.spark.TestCli.cli;
import static dev.retort.spark.TestCli.cliError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code retort spark score-apply} against {@code retort score apply} (run through the cli) with a model {@code retort
 * score fit} fits here: 2,000 labelled rows as CSV (ids with commas, a text column, a blank line, a bad cell) and as
 * JSONL without ids (ids are line numbers; a record with a missing feature), partitions of 700 rows: the same
 * scores.csv bytes and metrics; a deleted part is recomputed alone; the JSONL through Parquet gives the same scores,
 * and --parquet writes them as Parquet.
 */
class SparkScoreApplyTest {
    @TempDir
    static Path dir;
    static Path model, csv, jsonl, clean;

    @BeforeAll
    static void tableAndModel() throws IOException {
        Random random = new Random(7);
        List<String> csvLines = new ArrayList<>(List.of("id,f1,f2,text,f3,label"));
        List<String> jsonLines = new ArrayList<>(), cleanLines = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            double f1 = random.nextGaussian(), f2 = random.nextDouble() * 10, f3 = random.nextInt(5);
            int label = 1.5 * f1 - 0.3 * f2 + 0.2 * f3 + random.nextGaussian() > -1 ? 1 : 0;
            String id = i % 97 == 0 ? "\"row," + i + "\"" : "r" + i;
            csvLines.add(String.format(Locale.ROOT, "%s,%s,%s,\"text, %d\",%s,%d", id, f1, f2, i, f3, label));
            String json = String.format(Locale.ROOT, "{\"f1\": %s, \"f2\": %s, \"f3\": %s, \"label\": %s}", f1, f2, f3, label == 1 ? "true" : "false");
            jsonLines.add(json);
            cleanLines.add(String.format(Locale.ROOT, "{\"id\": \"r%d\", \"f1\": %s, \"f2\": %s, \"f3\": %s, \"label\": %d}", i, f1, f2, f3, label));
        }
        Path train = Files.write(dir.resolve("train.csv"), csvLines.subList(0, 1200));
        csvLines.add(500, "");
        csvLines.set(900, csvLines.get(900).replaceFirst(",[^,]+,\"text", ",x,\"text"));
        csv = Files.write(dir.resolve("table.csv"), csvLines);
        jsonLines.set(1300, "{\"f1\": 0.5, \"f3\": 1, \"label\": 1}");
        jsonl = Files.write(dir.resolve("table.jsonl"), jsonLines);
        clean = Files.write(dir.resolve("clean.jsonl"), cleanLines);
        cli("score", "fit", "--features", train.toString(), "--label-field", "label", "--columns", "f1,f2,f3", "--output-dir", dir.resolve("fit").toString());
        model = dir.resolve("fit/model.json");
    }

    static SparkScoreApply.Options options(Path table, Path out, boolean skip, boolean parquet) {
        return new SparkScoreApply.Options(model.toString(), table.toString(), out.toString(), 700, skip, parquet);
    }

    @Test
    void writesTheScoresAndMetricsOfScoreApplyFromCsvAndJsonlAndARerunScoresOnlyWhatIsMissing() throws IOException {
        for (Path table : List.of(csv, jsonl)) {
            Path single = dir.resolve("single-" + table.getFileName()), out = dir.resolve("spark-" + table.getFileName());
            cli("score", "apply", "--model", model.toString(), "--features", table.toString(), "--skip-bad-records", "--output-dir", single.toString());

            SparkScoreApply.Result first = SparkScoreApply.run(TestSpark.get(), options(table, out, true, false));

            assertThat(first.rows()).isEqualTo(1999);
            assertThat(first.skipped()).isEqualTo(1);
            assertThat(first.computed()).isEqualTo(3);
            assertSame(single, out);

            Files.delete(out.resolve(PartStore.DIR).resolve(ScoreBlock.name(1)));
            Files.delete(out.resolve("scores.csv"));
            SparkScoreApply.Result rerun = SparkScoreApply.run(TestSpark.get(), options(table, out, true, false));
            assertThat(rerun.computed()).isEqualTo(1);
            assertThat(rerun.reused()).isEqualTo(2);
            assertSame(single, out);
        }
    }

    @Test
    void parquetInAndOutHoldTheSameRecordsAsJsonl() throws IOException {
        Path parquet = dir.resolve("clean.parquet");
        TableInput.writeParquet(TestSpark.get(), Files.readAllLines(clean), parquet.toString());
        Path fromJsonl = dir.resolve("from-jsonl"), fromParquet = dir.resolve("from-parquet"), asParquet = dir.resolve("as-parquet");
        SparkScoreApply.run(TestSpark.get(), options(clean, fromJsonl, false, false));
        SparkScoreApply.run(TestSpark.get(), options(parquet, fromParquet, false, false));
        assertThat(Files.readString(fromParquet.resolve("scores.csv"))).isEqualTo(Files.readString(fromJsonl.resolve("scores.csv")));
        assertThat(Json.readTree(fromParquet.resolve("metrics.json"))).isEqualTo(Json.readTree(fromJsonl.resolve("metrics.json")));

        SparkScoreApply.run(TestSpark.get(), options(parquet, asParquet, false, true));
        List<String> rows = new ArrayList<>(List.of("id,score"));
        for (var line : TableInput.read(TestSpark.get(), asParquet.resolve("scores.parquet").toString()).collect()) {
            JsonNode o = Json.MAPPER.readTree(new String(line.bytes(), StandardCharsets.UTF_8));
            rows.add(o.get("id").asText() + "," + dev.retort.core.io.CsvWriter.format(o.get("score").doubleValue()));
        }
        assertThat(rows).isEqualTo(Files.readAllLines(fromJsonl.resolve("scores.csv")));
    }

    @Test
    void aBadRowStopsTheJobWithTheSingleMachineMessage() {
        for (Path table : List.of(csv, jsonl)) {
            String expected = cliError("score", "apply", "--model", model.toString(), "--features", table.toString(), "--output-dir", dir.resolve("x").toString());
            assertThatThrownBy(() -> SparkScoreApply.run(TestSpark.get(), options(table, dir.resolve("strict-" + table.getFileName()), false, false)))
                    .isInstanceOf(BadInputException.class).satisfies(e -> assertThat("error: " + e.getMessage()).isEqualTo(expected.strip()));
        }
    }

    private static void assertSame(Path single, Path out) throws IOException {
        assertThat(Files.readAllBytes(out.resolve("scores.csv"))).isEqualTo(Files.readAllBytes(single.resolve("scores.csv")));
        assertThat(Json.readTree(out.resolve("metrics.json"))).isEqualTo(Json.readTree(single.resolve("metrics.json")));
    }
}
