package dev.retort.spark.sources;

import dev.retort.core.Rng;
import dev.retort.core.io.Json;
import dev.retort.kd.mine.ArtifactSources;
import dev.retort.kd.mine.JavaSources;
import dev.retort.kd.pretrain.PretrainCorpus;
import dev.retort.spark.PartStore;
import dev.retort.spark.PrivateRepository;
import dev.retort.spark.TableInput;
import dev.retort.spark.TestSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code retort spark sources} against the corpus {@code retort kd pretrain --artifacts} builds ({@link PretrainCorpus#build})
 * on the same list: commons-text, commons-csv and commons-cli resolved through ~/.m2 (copied into a private local repository, so
 * the jobs see nothing else), a made-up artifact holding a copy of a commons-csv file (a cross-artifact duplicate), a copy of a
 * commons-lang3 test file (excluded by text) and one file of its own, an artifact whose jar is no zip file (it
 * fails), and commons-lang3 3.12.0 (excluded by groupId:artifactId), with commons-lang3 3.17.0 excluded: the same
 * train/held-out files byte for byte and the same report; a rerun reads only the missing artifact; --parquet holds the
 * same records.
 */
class SparkSourcesTest {
    static final String TEXT = "org.apache.commons:commons-text:1.12.0", CSV = "org.apache.commons:commons-csv:1.11.0",
            CLI = "commons-cli:commons-cli:1.8.0", COPY = "dev.retort.test:copy:1.0", BROKEN = "dev.retort.test:broken:1.0",
            OLD_LANG3 = "org.apache.commons:commons-lang3:3.12.0", LANG3 = "org.apache.commons:commons-lang3:3.17.0";
    static String repoBefore;

    @TempDir
    static Path repo;

    @BeforeAll
    static void privateRepository() throws IOException {
        for (String gav : List.of(TEXT, CSV, CLI)) PrivateRepository.copy(repo, gav, false);
        PrivateRepository.copy(repo, LANG3, true);
        Path csvJar = repo.resolve("org/apache/commons/commons-csv/1.11.0/commons-csv-1.11.0-sources.jar");
        Map<String, String> csvFiles = JavaSources.read(csvJar).files();
        Map<String, String> lang3Tests = JavaSources.read(repo.resolve("org/apache/commons/commons-lang3/3.17.0/commons-lang3-3.17.0-test-sources.jar")).files();
        String csvPath = csvFiles.keySet().iterator().next(), lang3Path = lang3Tests.keySet().iterator().next();
        fake(COPY, Map.of("copied/" + csvPath, csvFiles.get(csvPath), "copied/" + lang3Path, lang3Tests.get(lang3Path),
                "dev/retort/Own.java", "/* Copyright the retort authors; license: MIT */\r\npackage dev.retort;\r\nclass Own {}\r\n"));
        fake(BROKEN, Map.of());
        Files.writeString(repo.resolve("dev/retort/test/broken/1.0/broken-1.0-sources.jar"), "not a zip file");
        repoBefore = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", repo.toString());
    }

    private static void fake(String gav, Map<String, String> files) throws IOException {
        String[] p = gav.split(":");
        Path dir = Files.createDirectories(repo.resolve(Path.of(p[0].replace('.', '/'), p[1], p[2])));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(dir.resolve(p[1] + "-" + p[2] + "-sources.jar")))) {
            for (var f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        Files.writeString(dir.resolve("_remote.repositories"), p[1] + "-" + p[2] + "-sources.jar>central=\n");
    }

    @AfterAll
    static void restore() {
        if (repoBefore == null) System.clearProperty("maven.repo.local");
        else System.setProperty("maven.repo.local", repoBefore);
    }

    @Test
    void buildsTheCorpusOfKdPretrainAndARerunReadsOnlyWhatIsMissing(@TempDir Path dir) throws IOException {
        List<String> artifacts = List.of(TEXT, CSV, COPY, BROKEN, OLD_LANG3, CLI);
        Path list = Files.writeString(dir.resolve("artifacts.txt"), "# corpus\n" + String.join("\n", artifacts) + "\n");
        Path single = Files.createDirectories(dir.resolve("single")), out = dir.resolve("spark");
        PretrainCorpus expected = PretrainCorpus.build(artifacts, List.of(LANG3), SourcesPart.jars(new ArtifactSources()), 0.05, new Rng(42).fork("held-out-files"));
        PretrainCorpus.write(single.resolve("train.jsonl"), expected.train());
        PretrainCorpus.write(single.resolve("held_out.jsonl"), expected.heldOut());
        var options = new SparkSources.Options(list.toString(), List.of(LANG3), 0.05, 42, out.toString(), true);

        SparkSources.Result first = SparkSources.run(TestSpark.get(), options);

        assertThat(first.readNow()).isEqualTo(5);
        assertSame(single, out, expected);
        var report = expected.report().artifacts();
        assertThat(report.stream().map(PretrainCorpus.ArtifactReport::status).toList()).containsExactly("ok", "ok", "ok", "failed", "excluded", "ok");
        assertThat(report.get(2).files()).as("the copy artifact keeps its own file only").isEqualTo(1);
        assertThat(report.get(2).duplicates()).isEqualTo(1);
        assertThat(report.get(2).excludedFiles()).isEqualTo(1);
        assertThat(expected.heldOut()).isNotEmpty();

        // parquet holds the same records in the same order
        List<String> fromParquet = TableInput.read(TestSpark.get(), out.resolve("train.parquet").toString()).collect().stream()
                .map(l -> tree(new String(l.bytes(), StandardCharsets.UTF_8))).map(n -> n.get("artifact").asText() + "|" + n.get("path").asText() + "|" + n.get("text").asText()).toList();
        assertThat(fromParquet).isEqualTo(expected.train().stream().map(f -> f.artifact() + "|" + f.path() + "|" + f.text()).toList());

        // a killed run: one artifact's part never committed, the outputs never written
        Path parts = out.resolve(PartStore.DIR);
        Files.delete(parts.resolve(SourcesPart.name(CSV)));
        for (String name : List.of("train.jsonl", "held_out.jsonl", "corpus_report.json")) Files.delete(out.resolve(name));
        FileTime textPart = Files.getLastModifiedTime(parts.resolve(SourcesPart.name(TEXT)));

        SparkSources.Result rerun = SparkSources.run(TestSpark.get(), options);

        assertThat(rerun.readNow()).isEqualTo(1);
        assertThat(rerun.reused()).isEqualTo(4);
        assertThat(Files.getLastModifiedTime(parts.resolve(SourcesPart.name(TEXT)))).isEqualTo(textPart);
        assertSame(single, out, expected);
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertSame(Path single, Path out, PretrainCorpus expected) throws IOException {
        for (String f : List.of("train.jsonl", "held_out.jsonl"))
            assertThat(Files.readAllBytes(out.resolve(f))).as(f).isEqualTo(Files.readAllBytes(single.resolve(f)));
        assertThat(Json.readTree(out.resolve("corpus_report.json")).get("corpus")).isEqualTo(Json.MAPPER.valueToTree(expected.report()));
    }
}
