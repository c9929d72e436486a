package dev.retort.spark.logits;

import dev.retort.core.BadInputException;
import dev.retort.kd.data.AssertionExample;
import dev.retort.spark.TableInput;
import dev.retort.spark.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.retort.spark.TestCli.cli;
import static dev.retort.spark.TestCli.cliError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code retort spark teacher-logits} against {@code retort kd teacher-logits} (run through the cli) with a tiny
 * retrieval teacher trained here for a few dozen steps: 37 examples with a blank line and a bad record, batches of 4,
 * partitions of 8 (five blocks, the last one short), in both formats: the same file bytes; a deleted part is
 * recomputed alone; the same records from Parquet give the same file.
 */
class SparkTeacherLogitsTest {
    @TempDir
    static Path dir;
    static Path teacher, data, clean;

    @BeforeAll
    static void teacherAndData() throws IOException {
        List<AssertionExample> examples = TinyTeacher.examples(37);
        teacher = TinyTeacher.train(dir.resolve("teacher"), examples.subList(0, 30), examples.subList(30, 37));

        clean = dir.resolve("examples.jsonl");
        data = TinyTeacher.withBlankAndBadLine(examples, clean, dir.resolve("data.jsonl"));
    }

    static SparkTeacherLogits.Options options(Path in, Path out, String format) {
        return new SparkTeacherLogits.Options(in.toString(), teacher.toString(), out.toString(), format, 4, 5, "training", 4, 8, true);
    }

    @Test
    void writesTheBytesOfKdTeacherLogitsInBothFormatsAndARerunComputesOnlyWhatIsMissing() throws IOException {
        for (String format : List.of("course", "topk")) {
            Path single = dir.resolve("single-" + format + ".jsonl"), out = dir.resolve("spark-" + format + ".jsonl");
            cli("kd", "teacher-logits", "--teacher", teacher.toString(), "--data", data.toString(), "--out", single.toString(),
                    "--format", format, "--bits", "4", "--top-k", "5", "--batch-size", "4", "--skip-bad-records");

            SparkTeacherLogits.Result first = SparkTeacherLogits.run(TestSpark.get(), options(data, out, format));

            assertThat(first.examples()).isEqualTo(37);
            assertThat(first.skipped()).isEqualTo(1);
            assertThat(first.firstSkipped().getFirst()).contains(data + ":21").contains("test_method_masked");
            assertThat(first.computed()).isEqualTo(5);
            assertThat(Files.readAllBytes(out)).as(format).isEqualTo(Files.readAllBytes(single));

            // a killed run: block 2 never committed, the file never written
            Path parts = Path.of(out + ".parts");
            Files.delete(parts.resolve(LogitBlock.name(2)));
            Files.delete(out);
            var before = Files.getLastModifiedTime(parts.resolve(LogitBlock.name(0)));

            SparkTeacherLogits.Result rerun = SparkTeacherLogits.run(TestSpark.get(), options(data, out, format));

            assertThat(rerun.computed()).isEqualTo(1);
            assertThat(rerun.reused()).isEqualTo(4);
            assertThat(Files.getLastModifiedTime(parts.resolve(LogitBlock.name(0)))).isEqualTo(before);
            assertThat(Files.readAllBytes(out)).as(format + " after the rerun").isEqualTo(Files.readAllBytes(single));
        }
    }

    @Test
    void parquetInputGivesTheSameFileAsItsJsonl() throws IOException {
        Path parquet = dir.resolve("examples.parquet");
        TableInput.writeParquet(TestSpark.get(), Files.readAllLines(clean), parquet.toString());
        Path fromJsonl = dir.resolve("from-jsonl.jsonl"), fromParquet = dir.resolve("from-parquet.jsonl");
        SparkTeacherLogits.run(TestSpark.get(), options(clean, fromJsonl, "topk"));
        SparkTeacherLogits.run(TestSpark.get(), options(parquet, fromParquet, "topk"));
        assertThat(Files.readAllBytes(fromParquet)).isEqualTo(Files.readAllBytes(fromJsonl));
    }

    @Test
    void aBadRecordStopsTheJobWithTheSingleMachineMessageAndBatchesMustFitPartitions() {
        String expected = cliError("kd", "teacher-logits", "--teacher", teacher.toString(), "--data", data.toString(), "--out", dir.resolve("x.jsonl").toString());
        assertThat(expected).contains(":21");
        var strict = new SparkTeacherLogits.Options(data.toString(), teacher.toString(), dir.resolve("strict.jsonl").toString(), "topk", 8, 5, "training", 4, 8, false);
        assertThatThrownBy(() -> SparkTeacherLogits.run(TestSpark.get(), strict))
                .isInstanceOf(BadInputException.class).satisfies(e -> assertThat("error: " + e.getMessage()).isEqualTo(expected.strip()));
        assertThatThrownBy(() -> new SparkTeacherLogits.Options(data.toString(), teacher.toString(), "x", "topk", 8, 5, "training", 16, 24, true))
                .isInstanceOf(BadInputException.class).hasMessageContaining("multiple of --batch-size");
    }
}
