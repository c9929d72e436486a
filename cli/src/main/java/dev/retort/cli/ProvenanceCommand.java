package dev.retort.cli;

import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;
import dev.retort.core.run.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "provenance", mixinStandardHelpOptions = true,
        description = {"Print where a model came from: the command line, options, seed, input hashes, versions and commit "
                + "of the run that wrote it.",
                "kd model directories (best/, final_model/, checkpoint/) carry it as provenance.json; route and score models "
                        + "are read from the run.json of the run directory they are in."},
        footer = {"", "Example:",
                "  retort provenance results/kd-pipeline-20261203-101500/teacher/best",
                "  retort provenance results/score-fit-20261203-101500/model.json --json",
                "", "Exit codes: 0 success, 1 the run failed, 2 bad input or usage."})
public final class ProvenanceCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "A model directory or model file.")
    Path model;
    @Option(names = "--json", description = "Print the provenance JSON as it is stored.")
    boolean json;

    @Override
    public Integer call() {
        Path file = Provenance.find(model).orElseThrow(() -> new BadInputException(model + ": no " + Provenance.FILE
                + " in it and no run.json beside it; it was not written by a retort run (or was copied without it)"));
        var out = spec.commandLine().getOut();
        var tree = Json.readTree(file);
        if (json) out.println(tree.toPrettyString());
        else Provenance.describe(tree).forEach(out::println);
        return 0;
    }
}
