package dev.retort.cli.elicit;

import dev.retort.core.io.BadRecords;
import dev.retort.core.run.RunDirectory;
import dev.retort.elicit.claims.PredictionTuple;
import dev.retort.elicit.claims.TupleLog;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** --tuples FILE and --output-dir DIR: what optimize, search and evaluate read and where they write. */
public final class TupleRunOptions {
    @Option(names = "--tuples", required = true, paramLabel = "FILE", description = "Prediction tuples (JSONL, as written by collect).")
    Path tuples;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Run directory (default: results/elicit-<timestamp>).")
    Path outputDir;

    /** The tuples file's usable tuples; none is an error (exit 2), never a chance-level result. */
    List<PredictionTuple> read(BadRecords bad) {
        return TupleLog.readUsable(tuples, bad);
    }

    /** run.json's config, starting with the two input files every tuple command reads; callers add their own keys. */
    Map<String, Object> config(ClaimOptions claims) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("claims", claims.file.toString());
        config.put("tuples", tuples.toString());
        return config;
    }

    /** The run directory; run.json hashes the claims, the tuples and any {@code extraInputs}. */
    RunDirectory createRun(CommandSpec spec, ClaimOptions claims, Map<String, Object> config, Path... extraInputs) {
        List<Path> inputs = new ArrayList<>(List.of(claims.file, tuples));
        inputs.addAll(List.of(extraInputs));
        return RunDirectory.create("elicit", outputDir, spec.commandLine().getParseResult().originalArgs(), config, inputs);
    }
}
