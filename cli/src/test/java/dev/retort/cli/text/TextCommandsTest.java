package dev.retort.cli.text;

import dev.retort.cli.Main;
import dev.retort.core.io.NdArray;
import dev.retort.core.io.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The embed and index commands end to end on a slice of the skills Q/A sample, with the int8 MiniLM model. */
class TextCommandsTest {
    @TempDir
    static Path tmp;
    static Path sample;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void slice() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", QuickstartCommand.SAMPLE)).subList(0, 60);
        sample = Files.write(tmp.resolve("qa.jsonl"), lines);
    }

    static Run retort(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void embedWritesOneUnitRowPerRecord() {
        Path npy = tmp.resolve("q.npy");
        Run r = retort("embed", "-q", "--model", "minilm-q", sample.toString(), "--field", "question", "--as", "query", "--out", npy.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        NdArray a = Npy.read(npy);
        assertThat(a.shape()).containsExactly(60, 384);
        float[] v = a.toFloats();
        double norm = 0;
        for (int j = 0; j < 384; j++) norm += v[j] * v[j];
        assertThat(norm).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
    }

    @Test
    void indexBuildThenSearchFindsTheMatchingAnswer() {
        Path dir = tmp.resolve("idx");
        Run build = retort("index", "build", "-q", "--data", sample.toString(), "--field", "answer", "--model", "minilm-q",
                "--distinct", "--out", dir.toString());
        assertThat(build.exit()).as(build.err()).isZero();
        assertThat(dir.resolve("config.json")).exists();

        Run search = retort("index", "search", "-q", "--index", dir.toString(), "--k", "3", "--show", "cluster_id",
                "How do I extract structured data from Markdown example files?");
        assertThat(search.exit()).as(search.err()).isZero();
        String firstHit = search.out().lines().skip(1).findFirst().orElseThrow();
        assertThat(firstHit).contains("skill_extract_records");
        assertThat(search.out().lines().count()).isEqualTo(4);   // the query line and three hits
    }

    @Test
    void badInputExitsWithCode2AndSaysWhere() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.jsonl"), "{\"question\": \"fine\"}\n{\"question\": 7}\n");
        Run r = retort("embed", "-q", "--model", "minilm-q", bad.toString(), "--field", "question", "--out", tmp.resolve("x.npy").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("bad.jsonl:2").contains("field 'question'");

        Run skipped = retort("embed", "-q", "--model", "minilm-q", "--skip-bad-records", bad.toString(), "--field", "question",
                "--out", tmp.resolve("x.npy").toString());
        assertThat(skipped.exit()).as(skipped.err()).isZero();
        assertThat(skipped.out()).contains("1 × 384").contains("skipped 1 bad record");

        Run noIndex = retort("index", "search", "-q", "--index", tmp.toString(), "anything");
        assertThat(noIndex.exit()).isEqualTo(2);
        assertThat(noIndex.err()).contains("not an index directory");
    }
}
