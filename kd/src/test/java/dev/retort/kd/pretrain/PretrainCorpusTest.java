package dev.retort.kd.pretrain;

import dev.retort.core.BadInputException;
import dev.retort.core.Rng;
import dev.retort.kd.mine.ArtifactList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PretrainCorpusTest {
    static final String EVAL = "org.example:eval:1.0", EVAL_OTHER_VERSION = "org.example:eval:0.9";
    static final String A = "org.example:a:1.0", B = "org.example:b:1.0", BROKEN = "org.example:missing:1.0";

    /** Jars by coordinates; an unknown artifact fails as an unresolvable one does. */
    record FixtureJars(Map<String, Path> sources, Map<String, Path> tests, List<String> testRequests) implements PretrainCorpus.SourceJars {
        FixtureJars(Map<String, Path> sources, Map<String, Path> tests) {
            this(sources, tests, new java.util.ArrayList<>());
        }

        public Path sources(String gav) {
            return require(sources, gav);
        }

        public Path testSources(String gav) {
            testRequests.add(gav);
            return require(tests, gav);
        }

        private static Path require(Map<String, Path> jars, String gav) {
            Path p = jars.get(gav);
            if (p == null) throw new IllegalStateException("cannot resolve " + gav);
            return p;
        }
    }

    static Path jar(Path file, Map<String, String> entries) {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static Path folder(Path dir, Map<String, String> files) throws IOException {
        for (var e : files.entrySet()) {
            Files.createDirectories(dir.resolve(e.getKey()).getParent());
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        return dir;
    }

    @Test
    void leavesOutExcludedArtifactsAndTheirFilesKeepsDuplicatesOnceAndRecordsFailures(@TempDir Path dir) throws IOException {
        String evalTest = "class StringUtilsTest { void t() { assertEquals(1, 1); } }";
        String shared = "/* Licensed under the Apache License */\npackage x;\nclass Shared {}\n";
        var jars = new FixtureJars(Map.of(
                EVAL, jar(dir.resolve("eval-sources.jar"), Map.of("org/example/eval/StringUtils.java", "class StringUtils {}")),
                EVAL_OTHER_VERSION, jar(dir.resolve("eval09.jar"), Map.of("org/example/eval/Other.java", "class Other {}")),
                A, folder(dir.resolve("a"), Map.of("x/Shared.java", shared, "x/A1.java", "class A1 {}", "x/A2.java", "class A2 {}")),
                B, jar(dir.resolve("b-sources.jar"), Map.of("y/Shared.java", shared.replace("Apache", "MIT"), "y/B.java", "class B {}",
                        "y/CopiedTest.java", evalTest, "org/example/eval/StringUtils.java", "class StringUtils { int shaded; }"))),
                Map.of(EVAL, jar(dir.resolve("eval-test-sources.jar"), Map.of("org/example/eval/StringUtilsTest.java", evalTest)),
                        A, dir.resolve("never-read-test-sources.jar")));
        PretrainCorpus corpus = PretrainCorpus.build(List.of(A, EVAL_OTHER_VERSION, B, BROKEN), List.of(EVAL), jars, 0.2, new Rng(1));

        List<PretrainCorpus.SourceFile> all = new java.util.ArrayList<>(corpus.train());
        all.addAll(corpus.heldOut());
        assertThat(all).extracting(PretrainCorpus.SourceFile::path)
                .containsExactlyInAnyOrder("x/Shared.java", "x/A1.java", "x/A2.java", "y/B.java");
        assertThat(all).extracting(PretrainCorpus.SourceFile::text).doesNotContain(evalTest)
                .allMatch(t -> !t.contains("License"), "license headers removed");
        assertThat(corpus.heldOut()).hasSize(1);
        var report = corpus.report();
        assertThat(report.artifacts()).extracting(PretrainCorpus.ArtifactReport::status).containsExactly("ok", "excluded", "ok", "failed");
        assertThat(report.artifacts().get(2).duplicates()).as("Shared.java differs only in its license header").isEqualTo(1);
        assertThat(report.artifacts().get(2).excludedFiles()).as("a copy of the evaluation test and a file at an evaluation path").isEqualTo(2);
        assertThat(report.artifacts().get(3).error()).contains("cannot resolve " + BROKEN);
        assertThat(report.testSourcesRead()).isFalse();
        assertThat(jars.testRequests()).as("only the excluded artifact's test sources, for the exclusion set").containsExactly(EVAL);
        assertThat(report.note()).contains("test-sources");
        assertThat(report.files()).isEqualTo(4);
    }

    @Test
    void heldOutFilesAreASeededSlice(@TempDir Path dir) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        for (int i = 0; i < 50; i++) files.put("p/C" + i + ".java", "class C" + i + " {}");
        var jars = new FixtureJars(Map.of(A, folder(dir, files)), Map.of());
        var first = PretrainCorpus.build(List.of(A), List.of(), jars, 0.1, new Rng(3));
        var again = PretrainCorpus.build(List.of(A), List.of(), jars, 0.1, new Rng(3));
        var other = PretrainCorpus.build(List.of(A), List.of(), jars, 0.1, new Rng(4));
        assertThat(first.heldOut()).hasSize(5).isEqualTo(again.heldOut()).isNotEqualTo(other.heldOut());
        assertThat(first.train()).hasSize(45).doesNotContainAnyElementsOf(first.heldOut());
    }

    @Test
    void artifactListNamesTheBadLine(@TempDir Path dir) throws IOException {
        Path list = Files.writeString(dir.resolve("artifacts.txt"), "# header\n\norg.example:a:1.0\norg.example:b\n");
        assertThatThrownBy(() -> ArtifactList.read(list)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("artifacts.txt:4").hasMessageContaining("org.example:b");
        Files.writeString(list, "# only comments\norg.example:a:1.0   # Apache-2.0\n  org.example:b:2  \n");
        assertThat(ArtifactList.read(list)).containsExactly("org.example:a:1.0", "org.example:b:2");
    }
}
