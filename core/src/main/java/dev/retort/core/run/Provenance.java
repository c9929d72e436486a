package dev.retort.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a model came from, kept inside the model (as Tribuo keeps it): a copy of its run's {@code run.json} (command
 * line, options, seed, sha256 of every input, versions, git commit) written as {@code provenance.json} into every model
 * directory a run saves, so a copied {@code best/} or {@code final_model/} still says what made it.
 */
public final class Provenance {
    public static final String FILE = "provenance.json";

    private Provenance() {
    }

    /** Writes the run's provenance into a model directory being written (a no-op for a run without run.json). */
    public static void writeInto(Path modelDir, Path runDir) {
        Path runJson = runDir.resolve(RunDirectory.RUN_JSON);
        if (!Files.isRegularFile(runJson)) return;
        ObjectNode json = (ObjectNode) Json.readTree(runJson);
        json.put("run_dir", runDir.toAbsolutePath().normalize().toString());
        Json.write(modelDir.resolve(FILE), json);
    }

    /**
     * The provenance of a model directory or model file: its own provenance.json, else the run.json of the run directory
     * it is (route, score) or lies in.
     */
    public static Optional<Path> find(Path model) {
        if (!Files.exists(model)) throw new BadInputException(model + ": no such file or directory");
        Path dir = Files.isDirectory(model) ? model : model.toAbsolutePath().getParent();
        for (Path candidate : List.of(dir.resolve(FILE), dir.resolve(RunDirectory.RUN_JSON))) {
            if (Files.isRegularFile(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** A few readable lines: what ran, when, with which seed and versions, on which inputs (by hash). */
    public static List<String> describe(JsonNode json) {
        List<String> lines = new ArrayList<>();
        lines.add("pipeline:     " + json.path("pipeline").asText("?"));
        lines.add("started:      " + json.path("started").asText("?"));
        List<String> args = new ArrayList<>();
        json.path("command_line").forEach(a -> args.add(a.asText()));
        lines.add("command line: retort " + String.join(" ", args));
        lines.add("seed:         " + json.path("seed").asText("?") + ", threads " + json.path("threads").asText("?")
                + ", device " + json.path("device").asText("?"));
        JsonNode v = json.path("versions");
        lines.add("versions:     retort " + v.path("retort").asText("?") + ", JDK " + v.path("jdk").asText("?") + ", libtorch "
                + v.path("libtorch").asText("?") + (v.has("git_commit") ? ", commit " + v.path("git_commit").asText()
                + (v.path("git_dirty").asBoolean(false) ? " (uncommitted changes)" : "") : ""));
        lines.add("inputs:");
        for (Iterator<Map.Entry<String, JsonNode>> it = json.path("inputs").fields(); it.hasNext(); ) {
            var e = it.next();
            lines.add("  " + e.getValue().asText() + "  " + e.getKey());
        }
        if (json.has("run_dir")) lines.add("run dir:      " + json.path("run_dir").asText());
        lines.add("options:      " + json.path("config"));
        return lines;
    }
}
