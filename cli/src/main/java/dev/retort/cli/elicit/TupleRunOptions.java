package dev.retort.cli.elicit;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --tuples FILE and --output-dir DIR: what optimize, search and evaluate read and where they write. */
public final class TupleRunOptions {
    @Option(names = "--tuples", required = true, paramLabel = "FILE", description = "Prediction tuples (JSONL, as written by collect).")
    Path tuples;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Run directory (default: results/elicit-<timestamp>).")
    Path outputDir;
}
