package dev.retort.cli.kd;

import dev.retort.core.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kd mine} over local folders, through the command line: its files, its run.json, its refusals. */
class MineCommandTest {
    static final String CALC = """
            package org.example;

            public class Calc {
                public int add(int a, int b) {
                    return a + b;
                }

                public int twice(int a) {
                    return 2 * a;
                }
            }
            """;

    static String test(int i) {
        return """
                package org.example;

                import static org.junit.jupiter.api.Assertions.assertEquals;
                import org.junit.jupiter.api.Test;

                class Calc%dTest {
                    @Test
                    void testAdd() {
                        int r = new Calc().add(%d, 1);
                        assertEquals(%d, r);
                        assertEquals(%d, new Calc().add(r, r));
                    }

                    @Test
                    void testTwice() {
                        assertEquals(%d, new Calc().twice(%d));
                    }
                }
                """.formatted(i, i, i + 1, 2 * i + 2, 2 * i, i);
    }

    @Test
    void minesLocalFoldersIntoSplitsWithTheirReportAndRunJson(@TempDir Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/org/example")), tests = Files.createDirectories(dir.resolve("test/org/example"));
        Files.writeString(src.resolve("Calc.java"), CALC);
        for (int i = 0; i < 12; i++) Files.writeString(tests.resolve("Calc" + i + "Test.java"), test(i));
        Path out = dir.resolve("out");
        StringWriter stdout = new StringWriter();
        int rc = dev.retort.cli.Main.run(new String[]{"kd", "mine", "--src", dir.resolve("src").toString(), "--test-src", dir.resolve("test").toString(),
                "--out", out.toString()}, new PrintWriter(stdout, true), new PrintWriter(new StringWriter(), true));
        assertThat(rc).isZero();
        assertThat(stdout.toString()).contains("test methods 24, with assertions 24, matched 24");
        long examples = 0;
        for (String split : new String[]{"train", "valid", "test"}) examples += Files.readAllLines(out.resolve(split + ".jsonl")).size();
        assertThat(examples).as("one example per assertion").isEqualTo(36);
        var config = Json.readTree(out.resolve("run.json")).path("config");
        assertThat(config.at("/corpora/0/sources").asText()).isEqualTo(dir.resolve("src").toString());
        assertThat(config.path("task").asText()).isEqualTo("assertion");
        assertThat(Json.readTree(out.resolve("mine_report.json")).path("examples").asLong()).isEqualTo(36);
    }

    @Test
    void anArtifactListWithLocalFoldersIsABadInput(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("artifacts.txt"), "org.example:x:1\n");
        StringWriter err = new StringWriter();
        int rc = dev.retort.cli.Main.run(new String[]{"kd", "mine", "--src", dir.toString(), "--test-src", dir.toString(), "--artifacts", list.toString(),
                "--out", dir.resolve("out").toString()}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("--artifacts cannot be combined with --src/--test-src");
    }
}
