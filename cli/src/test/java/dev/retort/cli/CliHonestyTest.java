package dev.retort.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI never misleads: unknown commands are reported even with --help, one-line descriptions are sentences, help is clean. */
class CliHonestyTest {

    record Run(int exit, String out, String err) {
    }

    /** Runs the CLI, capturing its writers and also System.err, where picocli's own tracer warns. */
    static Run retort(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int exit;
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
        try {
            exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        } finally {
            System.setErr(saved);
        }
        return new Run(exit, out.toString(), err + systemErr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unknownCommandWithHelpIsReportedNotAnsweredWithTheRootHelp() {
        Run r = retort("spark", "--help");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("'spark'");
        assertThat(r.out()).doesNotContain("Usage:");
    }

    @Test
    void unknownSubcommandOfAGroupWithHelpIsReported() {
        Run r = retort("route", "spark", "--help");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("'spark'");
    }

    @Test
    void helpOfKnownCommandsStillWorks() {
        assertThat(retort("--help").exit()).isZero();
        assertThat(retort("route", "--help").exit()).isZero();
        assertThat(retort("route", "eval", "--help").exit()).isZero();
    }

    @Test
    void everyOneLineDescriptionIsAWholeSentence() {
        List<String> problems = new ArrayList<>();
        walk(new CommandLine(new RetortCommand()), "retort", problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void routeEvalHelpHasNoPicocliWarnings() {
        Run r = retort("route", "eval", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out() + r.err()).doesNotContain("WARN");
        assertThat(r.out()).contains("95%").doesNotContain("95%%");
    }

    @Test
    void noCommandsHelpHasPicocliWarnings() {
        List<String> paths = new ArrayList<>();
        collect(new CommandLine(new RetortCommand()), List.of(), paths);
        List<String> problems = new ArrayList<>();
        for (String path : paths) {
            List<String> args = new ArrayList<>(List.of(path.split(" ")));
            args.removeIf(String::isEmpty);
            args.add("--help");
            Run r = retort(args.toArray(String[]::new));
            if ((r.out() + r.err()).contains("WARN")) problems.add("retort " + path + " --help: " + r.err());
        }
        assertThat(problems).isEmpty();
    }

    private static void walk(CommandLine cmd, String path, List<String> problems) {
        String[] description = cmd.getCommandSpec().usageMessage().description();
        String first = description.length == 0 ? "" : description[0].strip();
        if (!first.endsWith(".")) problems.add(path + ": first description line is not a sentence: '" + first + "'");
        cmd.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) walk(sub, path + " " + name, problems);
        });
    }

    private static void collect(CommandLine cmd, List<String> prefix, List<String> out) {
        out.add(String.join(" ", prefix));
        cmd.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandName().equals(name)) return;
            List<String> p = new ArrayList<>(prefix);
            p.add(name);
            collect(sub, p, out);
        });
    }

    /**
     * A command that fails after creating its run directory (kd evaluate without a model, on records without
     * predicted_assertions) exits 2 and leaves no directory holding only run.json; an existing directory is kept.
     */
    @Test
    void aFailedRunLeavesNoBareRunDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path data = dir.resolve("test.jsonl");
        java.nio.file.Files.writeString(data, "{\"id\": \"a\", \"focal_method\": \"int f()\", \"test_method_masked\": \"void t() {}\", "
                + "\"assertions\": [\"assertEquals(1, f());\"]}\n");
        java.nio.file.Path out = dir.resolve("run");
        Run r = retort("kd", "evaluate", "--teacher-data", data.toString(), "--embedding-model", "none", "--output-dir", out.toString(), "-q");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("predicted_assertions");
        assertThat(out).doesNotExist();

        java.nio.file.Path existing = java.nio.file.Files.createDirectories(dir.resolve("existing"));
        Run again = retort("kd", "evaluate", "--teacher-data", data.toString(), "--embedding-model", "none", "--output-dir", existing.toString(), "-q");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(existing).as("a directory the user made stays").exists();
    }
}
