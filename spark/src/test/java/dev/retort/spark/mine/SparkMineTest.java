package dev.retort.spark.mine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.io.BadRecords;
import dev.retort.core.io.Json;
import dev.retort.core.io.JsonlReader;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.data.AssertionTask;
import dev.retort.kd.data.SplitSetting;
import dev.retort.kd.mine.ArtifactSources;
import dev.retort.kd.mine.AssertionMiner;
import dev.retort.spark.PartStore;
import dev.retort.spark.PrivateRepository;
import dev.retort.spark.TableInput;
import dev.retort.spark.TestSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code retort spark mine} against {@code retort kd mine --artifacts} on the same list: commons-text 1.12.0 (resolved through ~/.m2,
 * copied into a private local repository so the jobs see nothing else) and an artifact whose jars hold no Java file
 * (it fails). Same files byte for byte, same report but for the seconds; a rerun mines only the missing part.
 */
class SparkMineTest {
    static final String TEXT = "org.apache.commons:commons-text:1.12.0";
    static final String EMPTY = "dev.retort.test:no-java:1.0";
    static final AssertionMiner.Options OPTIONS = new AssertionMiner.Options(7, 4000, AssertionTask.ASSERTION, SplitSetting.IN_PROJECT);
    static String repoBefore;

    @TempDir
    static Path repo;

    @BeforeAll
    static void privateRepository() throws IOException {
        PrivateRepository.copy(repo, TEXT, true);
        Path empty = Files.createDirectories(repo.resolve("dev/retort/test/no-java/1.0"));
        for (String classifier : List.of("sources", "test-sources"))
            new ZipOutputStream(Files.newOutputStream(empty.resolve("no-java-1.0-" + classifier + ".jar"))).close();
        Files.writeString(empty.resolve("_remote.repositories"), "no-java-1.0-sources.jar>central=\nno-java-1.0-test-sources.jar>central=\n");
        repoBefore = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", repo.toString());
    }

    @AfterAll
    static void restore() {
        if (repoBefore == null) System.clearProperty("maven.repo.local");
        else System.setProperty("maven.repo.local", repoBefore);
    }

    @Test
    void writesWhatTheSingleMachineCommandWritesAndARerunMinesOnlyWhatIsMissing(@TempDir Path dir) throws IOException {
        Path list = Files.writeString(dir.resolve("artifacts.txt"), "# two artifacts\n" + TEXT + "\n" + EMPTY + "\n");
        Path single = Files.createDirectories(dir.resolve("single")), spark = dir.resolve("spark");
        ArtifactSources maven = new ArtifactSources();
        ObjectNode expected = AssertionMiner.mine(List.of(AssertionMiner.Corpus.tryResolve(TEXT, maven), AssertionMiner.Corpus.tryResolve(EMPTY, maven)),
                OPTIONS, single);

        SparkMine.Result first = SparkMine.run(TestSpark.get(), new SparkMine.Options(list.toString(), spark.toString(), OPTIONS, true));

        assertThat(first.minedNow()).isEqualTo(2);
        assertThat(first.reused()).isZero();
        assertSameOutputs(single, spark, expected, first.report());
        assertThat(first.report().at("/artifacts/" + EMPTY + "/status").asText()).isEqualTo("failed");
        assertThat(first.report().at("/failures/0/error").asText()).contains("no .java files");
        assertThat(first.report().at("/artifacts/" + TEXT + "/examples").asInt()).isGreaterThan(100);
        // --parquet: each split's records again, as Parquet (read back through the jobs' Parquet reader)
        for (String split : List.of("train", "valid", "test")) {
            List<AssertionExample> fromParquet = new ArrayList<>();
            for (var line : TableInput.read(TestSpark.get(), spark.resolve(split + ".parquet").toString()).collect())
                fromParquet.add(AssertionDataset.parse(JsonlReader.parseLine(Path.of(split + ".parquet"), line.number(), line.bytes(), line.bytes().length)));
            assertThat(fromParquet).as(split).isEqualTo(AssertionDataset.read(single.resolve(split + ".jsonl"), BadRecords.failFast()));
        }

        // a killed run: the failed artifact's part never committed, the outputs never written
        Path parts = spark.resolve(PartStore.DIR);
        Files.delete(parts.resolve(MinePart.name(EMPTY)));
        for (String name : SparkMine.OUTPUTS) Files.delete(spark.resolve(name));
        FileTime textPart = Files.getLastModifiedTime(parts.resolve(MinePart.name(TEXT)));

        SparkMine.Result rerun = SparkMine.run(TestSpark.get(), new SparkMine.Options(list.toString(), spark.toString(), OPTIONS));

        assertThat(rerun.minedNow()).isEqualTo(1);
        assertThat(rerun.reused()).isEqualTo(1);
        assertThat(Files.getLastModifiedTime(parts.resolve(MinePart.name(TEXT)))).isEqualTo(textPart);
        assertSameOutputs(single, spark, expected, rerun.report());
    }

    @Test
    void aRerunWithOtherMiningOptionsIsRefused(@TempDir Path dir) throws IOException {
        Path list = Files.writeString(dir.resolve("artifacts.txt"), EMPTY + "\n");
        Path out = dir.resolve("out");
        PartStore.open(dev.retort.spark.HadoopConf.of(TestSpark.get().sparkContext().hadoopConfiguration()), out.toString(), SparkMine.job(OPTIONS));
        var other = new AssertionMiner.Options(7, 4000, AssertionTask.METHOD, SplitSetting.IN_PROJECT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SparkMine.run(TestSpark.get(), new SparkMine.Options(list.toString(), out.toString(), other)))
                .isInstanceOf(dev.retort.core.BadInputException.class).hasMessageContaining("holds the parts of another job");
    }

    private static void assertSameOutputs(Path single, Path spark, ObjectNode expected, ObjectNode report) throws IOException {
        for (String split : List.of("train.jsonl", "valid.jsonl", "test.jsonl"))
            assertThat(Files.readString(spark.resolve(split))).as(split).isEqualTo(Files.readString(single.resolve(split)));
        ObjectNode written = (ObjectNode) Json.readTree(spark.resolve("mine_report.json"));
        ObjectNode singleWritten = (ObjectNode) Json.readTree(single.resolve("mine_report.json"));
        for (ObjectNode r : List.of(expected, report, written, singleWritten)) r.remove("seconds");
        assertThat(report).isEqualTo(expected);
        assertThat(written).isEqualTo(singleWritten);
    }
}
