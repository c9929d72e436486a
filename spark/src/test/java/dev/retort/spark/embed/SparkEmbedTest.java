package dev.retort.spark.embed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;
import dev.retort.spark.PartStore;
import dev.retort.spark.TestSpark;
import dev.retort.text.embed.EmbeddingModel;
import dev.retort.text.embed.TextRole;
import dev.retort.text.index.VectorIndex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.retort.spark.TestCli.cli;
import static dev.retort.spark.TestCli.cliError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code retort spark embed} against the single-machine {@code retort embed} and {@code retort index build} (run through
 * the cli) on 700 questions of the skills Q/A sample with a blank line and two bad records: the same .npy bytes and the
 * same index files, with the int8 model, whose vectors change when a text shares an ONNX batch with other texts — so
 * the partitions must cut the records where the single-machine run cuts its chunks.
 */
class SparkEmbedTest {
    @TempDir
    static Path dir;
    static Path input;

    @BeforeAll
    static void input() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("../data/skills-qa/skills_qa.jsonl")).subList(0, 700));
        lines.add(100, "");
        lines.add(300, "{\"question\": 42}");
        lines.add(500, "not json");
        input = Files.write(dir.resolve("questions.jsonl"), lines);
    }

    static SparkEmbed.Options options(Path out, boolean skipBad, VectorIndex.Kind index) {
        return new SparkEmbed.Options(input.toString(), "question", TextRole.PASSAGE, EmbeddingModel.MINILM_Q, 1, 512, skipBad, index, out.toString());
    }

    @Test
    void writesTheVectorsAndIndexOfTheSingleMachineCommandsAndARerunEmbedsOnlyWhatIsMissing() throws IOException {
        Path single = dir.resolve("single.npy"), singleIndex = dir.resolve("single-index"), out = dir.resolve("spark");
        cli("embed", input.toString(), "--field", "question", "--model", "minilm-q", "--skip-bad-records", "--out", single.toString());
        cli("index", "build", "--data", input.toString(), "--field", "question", "--model", "minilm-q", "--skip-bad-records", "--out", singleIndex.toString());

        SparkEmbed.Result first = SparkEmbed.run(TestSpark.get(), options(out, true, VectorIndex.Kind.EXACT));

        assertThat(first.records()).as("700 questions; the blank line and two bad records left out").isEqualTo(700);
        assertThat(first.skipped()).isEqualTo(2);
        assertThat(first.firstSkipped().getFirst()).contains(input + ":301").contains("question");
        assertThat(first.computed()).isEqualTo(2);
        assertSame(single, singleIndex, out);

        // a killed run: the second partition never committed, nothing published
        Files.delete(out.resolve(PartStore.DIR).resolve(EmbedBlock.name(1)));
        Files.delete(out.resolve("vectors.npy"));
        var firstPart = Files.getLastModifiedTime(out.resolve(PartStore.DIR).resolve(EmbedBlock.name(0)));

        SparkEmbed.Result rerun = SparkEmbed.run(TestSpark.get(), options(out, true, VectorIndex.Kind.EXACT));

        assertThat(rerun.computed()).isEqualTo(1);
        assertThat(rerun.reused()).isEqualTo(1);
        assertThat(Files.getLastModifiedTime(out.resolve(PartStore.DIR).resolve(EmbedBlock.name(0)))).isEqualTo(firstPart);
        assertSame(single, singleIndex, out);
    }

    @Test
    void parquetInputGivesTheVectorsAndIndexRecordsOfItsJsonl() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("../data/skills-qa/skills_qa.jsonl")).subList(0, 300);
        Path jsonl = Files.write(dir.resolve("clean.jsonl"), lines), parquet = dir.resolve("clean.parquet");
        dev.retort.spark.TableInput.writeParquet(TestSpark.get(), lines, parquet.toString());
        Path fromJsonl = dir.resolve("from-jsonl"), fromParquet = dir.resolve("from-parquet");
        for (Path[] run : new Path[][]{{jsonl, fromJsonl}, {parquet, fromParquet}})
            SparkEmbed.run(TestSpark.get(), new SparkEmbed.Options(run[0].toString(), "question", TextRole.PASSAGE, EmbeddingModel.MINILM_Q, 1, 512,
                    false, VectorIndex.Kind.EXACT, run[1].toString()));
        assertThat(Files.readAllBytes(fromParquet.resolve("vectors.npy"))).isEqualTo(Files.readAllBytes(fromJsonl.resolve("vectors.npy")));
        // the same records: compared as JSON objects, since a Parquet row comes back with its fields in the schema's
        // order and without its null fields (Parquet cannot tell a null field from an absent one)
        List<String> a = Files.readAllLines(fromParquet.resolve("index/metadata.jsonl")), b = Files.readAllLines(fromJsonl.resolve("index/metadata.jsonl"));
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            ObjectNode expected = (ObjectNode) Json.MAPPER.readTree(b.get(i));
            List<String> nulls = new ArrayList<>();
            expected.properties().forEach(e -> { if (e.getValue().isNull()) nulls.add(e.getKey()); });
            expected.remove(nulls);
            assertThat(Json.MAPPER.readTree(a.get(i))).as("record %d", i).isEqualTo(expected);
        }
    }

    @Test
    void aBadRecordStopsTheJobWithTheSingleMachineMessage() {
        String expected = cliError("embed", input.toString(), "--field", "question", "--model", "minilm-q", "--out", dir.resolve("x.npy").toString());
        assertThat(expected).contains(":301");
        assertThatThrownBy(() -> SparkEmbed.run(TestSpark.get(), options(dir.resolve("fails"), false, null)))
                .isInstanceOf(BadInputException.class).satisfies(e -> assertThat("error: " + e.getMessage()).isEqualTo(expected.strip()));
    }

    private static void assertSame(Path single, Path singleIndex, Path out) throws IOException {
        assertThat(Files.readAllBytes(out.resolve("vectors.npy"))).isEqualTo(Files.readAllBytes(single));
        for (String f : List.of("vectors.npy", "metadata.jsonl"))
            assertThat(Files.readAllBytes(out.resolve("index").resolve(f))).as(f).isEqualTo(Files.readAllBytes(singleIndex.resolve(f)));
        ObjectNode a = (ObjectNode) Json.readTree(out.resolve("index/config.json")), b = (ObjectNode) Json.readTree(singleIndex.resolve("config.json"));
        for (ObjectNode c : List.of(a, b)) ((ObjectNode) c.get("properties")).remove("created");
        assertThat(a).isEqualTo(b);
    }
}
