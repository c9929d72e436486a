package dev.retort.cli;

import dev.retort.core.RetortException;
import dev.retort.core.run.RunDirectory;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Entry point: runs {@link RetortCommand} and turns failures into one line on stderr and an exit code —
 * 0 success, 1 the run failed, 2 bad input or usage. A stack trace is printed only with {@code RETORT_DEBUG=1}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(new RetortCommand(), args, out, err);
    }

    /** Runs {@code command} (a picocli command object; {@code retort spark} has its own) with retort's error handling. */
    public static int run(Object command, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(command);
        cli.setOut(out).setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        int runsBefore = RunDirectory.createdCount();
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            RunDirectory.discardEmptySince(runsBefore);                                 // a failed run leaves no bare run.json
            boolean debug = "1".equals(System.getenv("RETORT_DEBUG"));
            if (debug) ex.printStackTrace(err);
            if (ex instanceof RetortException r) {
                err.println("error: " + r.getMessage());
                return r.exitCode();
            }
            err.println("error: internal failure: " + ex + (debug ? "" : " (set RETORT_DEBUG=1 for the stack trace)"));
            return 1;
        });
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        // picocli answers `retort spark --help` with the root help and exit 0 (help wins over the unmatched word);
        // an unknown command is reported as such instead, through the usage-error handler above (exit 2).
        cli.setExecutionStrategy(parsed -> {
            for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
                if (!p.unmatched().isEmpty() && !p.commandSpec().parser().unmatchedArgumentsAllowed()) {
                    throw new CommandLine.UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
                }
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        return cli.execute(args);
    }
}
