package dev.retort.spark.generate;

import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;
import dev.retort.kd.data.AssertionExample;
import dev.retort.spark.TableInput;
import dev.retort.spark.TestSpark;
import dev.retort.spark.logits.TinyTeacher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.retort.spark.TestCli.cli;
import static dev.retort.spark.TestCli.cliError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code retort spark generate} against {@code retort kd generate --data} (run through the cli) with a tiny retrieval
 * teacher trained here: 37 examples with a blank line and a bad record, beam 3, partitions of 8 (five blocks, the last
 * one short): the same file bytes; a deleted part is recomputed alone; the same records from Parquet give the same
 * file; without {@code --skip-bad-records} the job stops with the cli's message.
 */
class SparkGenerateTest {
    @TempDir
    static Path dir;
    static Path model, data, clean;
    static List<AssertionExample> examples;

    @BeforeAll
    static void modelAndData() throws IOException {
        examples = TinyTeacher.examples(37);
        model = TinyTeacher.train(dir.resolve("teacher"), examples.subList(0, 30), examples.subList(30, 37));
        clean = dir.resolve("examples.jsonl");
        data = TinyTeacher.withBlankAndBadLine(examples, clean, dir.resolve("data.jsonl"));
    }

    static SparkGenerate.Options options(Path in, Path out, boolean skip) {
        return new SparkGenerate.Options(in.toString(), model.toString(), out.toString(), 3, 8, skip);
    }

    @Test
    void writesTheBytesOfKdGenerateAndARerunComputesOnlyWhatIsMissing() throws IOException {
        Path single = dir.resolve("single.jsonl"), out = dir.resolve("spark.jsonl");
        cli("kd", "generate", "--model", model.toString(), "--data", data.toString(), "--out", single.toString(), "--beam", "3", "--skip-bad-records");

        SparkGenerate.Result first = SparkGenerate.run(TestSpark.get(), options(data, out, true));

        assertThat(first.examples()).isEqualTo(37);
        assertThat(first.skipped()).isEqualTo(1);
        assertThat(first.firstSkipped().getFirst()).contains(data + ":21").contains("test_method_masked");
        assertThat(first.computed()).isEqualTo(5);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).extracting(l -> Json.MAPPER.readTree(l).get("id").asText())
                .containsExactlyElementsOf(examples.stream().map(AssertionExample::id).toList());
        // a retrieval model always has an answer: its own when it parses, else the neighbour's; this one gives both kinds
        assertThat(lines).allSatisfy(l -> assertThat(Json.MAPPER.readTree(l).get("predicted_assertions").asText()).isNotEmpty());
        assertThat(lines).extracting(l -> Json.MAPPER.readTree(l).get("from_neighbour").asBoolean()).contains(true, false);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(single));

        // a killed run: block 2 never committed, the file never written
        Path parts = Path.of(out + ".parts");
        Files.delete(parts.resolve(GenerateBlock.name(2)));
        Files.delete(out);
        var before = Files.getLastModifiedTime(parts.resolve(GenerateBlock.name(0)));

        SparkGenerate.Result rerun = SparkGenerate.run(TestSpark.get(), options(data, out, true));

        assertThat(rerun.computed()).isEqualTo(1);
        assertThat(rerun.reused()).isEqualTo(4);
        assertThat(Files.getLastModifiedTime(parts.resolve(GenerateBlock.name(0)))).isEqualTo(before);
        assertThat(Files.readAllBytes(out)).as("after the rerun").isEqualTo(Files.readAllBytes(single));
        assertThatThrownBy(() -> SparkGenerate.run(TestSpark.get(), new SparkGenerate.Options(data.toString(), model.toString(), out.toString(), 1, 8, true)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("holds the parts of another job");
    }

    @Test
    void parquetInputGivesTheSameFileAsItsJsonl() throws IOException {
        Path parquet = dir.resolve("examples.parquet");
        TableInput.writeParquet(TestSpark.get(), Files.readAllLines(clean), parquet.toString());
        Path fromJsonl = dir.resolve("from-jsonl.jsonl"), fromParquet = dir.resolve("from-parquet.jsonl");
        SparkGenerate.run(TestSpark.get(), options(clean, fromJsonl, false));
        SparkGenerate.run(TestSpark.get(), options(parquet, fromParquet, false));
        assertThat(Files.readAllBytes(fromParquet)).isEqualTo(Files.readAllBytes(fromJsonl));
    }

    @Test
    void aBadRecordOrAnEmptyInputStopsTheJobWithTheSingleMachineMessage() throws IOException {
        String expected = cliError("kd", "generate", "--model", model.toString(), "--data", data.toString(), "--out", dir.resolve("x.jsonl").toString());
        assertThat(expected).contains(":21");
        assertThatThrownBy(() -> SparkGenerate.run(TestSpark.get(), options(data, dir.resolve("strict.jsonl"), false)))
                .isInstanceOf(BadInputException.class).satisfies(e -> assertThat("error: " + e.getMessage()).isEqualTo(expected.strip()));

        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n\n");
        String none = cliError("kd", "generate", "--model", model.toString(), "--data", empty.toString(), "--out", dir.resolve("y.jsonl").toString());
        assertThatThrownBy(() -> SparkGenerate.run(TestSpark.get(), options(empty, dir.resolve("empty-out.jsonl"), false)))
                .isInstanceOf(BadInputException.class).satisfies(e -> assertThat("error: " + e.getMessage()).isEqualTo(none.strip()));
    }

    @Test
    void isASparkSubcommandWithAnExampleInItsHelp() {
        StringWriter out = new StringWriter();
        int code = dev.retort.cli.Main.run(new dev.retort.spark.SparkCommand(), new String[]{"generate", "--help"}, new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
        assertThat(code).isZero();
        assertThat(out.toString()).contains("retort spark generate --model").contains("--rows-per-partition").contains("--skip-bad-records");
    }
}
