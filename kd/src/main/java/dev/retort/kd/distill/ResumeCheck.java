package dev.retort.kd.distill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;
import dev.retort.core.train.CheckpointDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --resume} continues a run only with the options it was started with: they are saved with every checkpoint
 * (the values of run.json's {@code config.options}, without their groups) and compared here. Only {@code resume} and
 * {@code stopAfterEpoch} may differ, since stopping and resuming is what they are for.
 */
public final class ResumeCheck {
    private static final List<String> MAY_DIFFER = List.of("resume", "stopAfterEpoch");

    private ResumeCheck() {
    }

    /**
     * The options as saved with a checkpoint: every field of every group under its own name (the names are unique
     * across groups, and checkpoints written before the grouping saved them so), read back from JSON text, so numbers
     * compare as the saved ones do.
     */
    static JsonNode options(DistillOptions o) {
        try {
            ObjectNode flat = Json.MAPPER.createObjectNode();
            Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(o)).properties()
                    .forEach(group -> group.getValue().properties().forEach(f -> flat.set(f.getKey(), f.getValue())));
            flat.remove(MAY_DIFFER);
            return flat;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("distill options do not serialize", e);
        }
    }

    /**
     * Refuses (exit 2) to resume the checkpoint in {@code runDir} with options other than its own, naming each that
     * changed. Does nothing when there is no checkpoint or it predates saved options.
     */
    public static void requireSameOptions(Path runDir, DistillOptions o) {
        Path state = runDir.resolve(CheckpointDirectory.DIR).resolve(CheckpointDirectory.STATE);
        if (!Files.isRegularFile(state)) return;
        JsonNode saved = Json.readTree(state).path("options");
        if (!saved.isObject()) return;
        JsonNode now = options(o);
        List<String> changed = new ArrayList<>();
        now.fieldNames().forEachRemaining(k -> {
            if (!now.get(k).equals(saved.get(k))) changed.add(k + " " + text(saved.get(k)) + " → " + text(now.get(k)));
        });
        if (!changed.isEmpty()) {
            throw new BadInputException(runDir.resolve(CheckpointDirectory.DIR) + " was written by a run with other options ("
                    + String.join("; ", changed) + "); resume with the options in " + runDir.resolve("run.json")
                    + " or start afresh in another --output-dir");
        }
    }

    private static String text(JsonNode v) {
        return v == null ? "(absent)" : v.isTextual() ? v.asText() : v.toString();
    }
}
