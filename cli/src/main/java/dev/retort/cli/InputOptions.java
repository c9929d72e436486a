package dev.retort.cli;

import dev.retort.core.io.BadRecords;
import picocli.CommandLine.Option;

/** {@code --skip-bad-records}: count and report malformed input records instead of stopping at the first. */
public final class InputOptions {
    @Option(names = "--skip-bad-records", description = "Skip malformed records, count them and report the first few, instead of stopping with exit code 2.")
    boolean skipBadRecords;

    public BadRecords badRecords() {
        return BadRecords.of(skipBadRecords);
    }

    /** Whether the option was given (a command that reads one input, not records, refuses it). */
    public boolean skipping() {
        return skipBadRecords;
    }
}
