package dev.retort.spark;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code retort …} run in the test's JVM, as the spark tests call it: expecting success, or exit code 2 and its message. */
public final class TestCli {
    private TestCli() {
    }

    /** Runs the command line and fails the test, showing stderr, unless it exits 0. */
    public static void cli(String... args) {
        StringWriter err = new StringWriter();
        int code = dev.retort.cli.Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
    }

    /** Runs the command line, fails the test unless it exits 2 (bad input), and returns stderr. */
    public static String cliError(String... args) {
        StringWriter err = new StringWriter();
        int code = dev.retort.cli.Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isEqualTo(2);
        return err.toString();
    }
}
