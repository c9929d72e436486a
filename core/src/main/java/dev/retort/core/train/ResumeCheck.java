package dev.retort.core.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code --resume} continues a run only with the options it was started with: a trainer saves them with every
 * checkpoint (as {@code options} in its state) and they are compared here. The options that only say how to stop
 * and resume (such as {@code resume} and a stop-after point) are left out, since changing them is what they are for.
 */
public final class ResumeCheck {
    private ResumeCheck() {
    }

    /**
     * The options as saved with a checkpoint: every field under its own name, the fields of a group (a nested record)
     * lifted to the top level (the names are unique across groups, and checkpoints written before grouping saved them
     * so), without {@code mayDiffer}; read back from JSON text, so numbers compare as the saved ones do.
     */
    public static JsonNode options(Object options, Collection<String> mayDiffer) {
        ObjectNode flat = Json.MAPPER.createObjectNode();
        asReadBack(options).properties().forEach(field -> {
            if (field.getValue().isObject()) field.getValue().properties().forEach(f -> flat.set(f.getKey(), f.getValue()));
            else flat.set(field.getKey(), field.getValue());
        });
        flat.remove(mayDiffer);
        return flat;
    }

    /** The value as JSON text reads back, so numbers compare as saved ones do (3 and 3L alike). */
    private static JsonNode asReadBack(Object value) {
        try {
            return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(value.getClass().getSimpleName() + " does not serialize", e);
        }
    }

    /**
     * Refuses (exit 2) to resume the checkpoint in {@code runDir} with options other than its own, naming each that
     * changed. Does nothing when there is no checkpoint or it predates saved options; an option added since the
     * checkpoint was written is not compared.
     */
    public static void requireSameOptions(Path runDir, JsonNode now) {
        Path state = runDir.resolve(CheckpointDirectory.DIR).resolve(CheckpointDirectory.STATE);
        if (!Files.isRegularFile(state)) return;
        refuseChanges(runDir.resolve(CheckpointDirectory.DIR), Json.readTree(state).path("options"), now, runDir.resolve("run.json"));
    }

    /**
     * Refuses (exit 2) to resume the run in {@code runDir} when its run.json records another resolved configuration
     * than {@code config}, naming each value that changed by its path (e.g. {@code options.schedule.lr}); values named
     * in {@code mayDiffer} (by their last path segment) may change; the engine's seed must be the run's. A value the
     * run's version of retort did not record (an option added since) is not compared. Called before run.json is
     * rewritten, so a refused resume leaves the run as it was. Does nothing when there is no run.json yet.
     */
    public static void requireSameConfig(Path runDir, Object config, Collection<String> mayDiffer) {
        Path runJson = runDir.resolve("run.json");
        if (!Files.isRegularFile(runJson)) return;
        JsonNode run = Json.readTree(runJson), saved = run.path("config");
        if (!saved.isObject()) return;
        ObjectNode before = Json.MAPPER.createObjectNode(), now = Json.MAPPER.createObjectNode();
        leaves("", saved, mayDiffer, before);
        leaves("", asReadBack(config), mayDiffer, now);
        if (run.has("seed")) {
            before.set("seed", run.get("seed"));
            now.set("seed", asReadBack(Engine.get().seed()));
        }
        refuseChanges(runDir, before, now, runJson);
    }

    /** Every leaf value of {@code node} under its dotted path, except those whose last segment is in {@code skip}. */
    private static void leaves(String path, JsonNode node, Collection<String> skip, ObjectNode out) {
        if (!node.isObject()) {
            out.set(path, node);
            return;
        }
        node.properties().forEach(f -> {
            if (!skip.contains(f.getKey())) leaves(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(), skip, out);
        });
    }

    /**
     * Both sides flattened alike ({@link #options}); a field of {@code now} that {@code saved} has with another value is
     * a change (one it lacks is newer than the run and not compared).
     */
    private static void refuseChanges(Path what, JsonNode saved, JsonNode now, Path runJson) {
        if (!saved.isObject()) return;
        List<String> changed = new ArrayList<>();
        now.fieldNames().forEachRemaining(k -> {
            if (saved.has(k) && !now.get(k).equals(saved.get(k))) changed.add(k + " " + text(saved.get(k)) + " → " + text(now.get(k)));
        });
        if (!changed.isEmpty()) {
            throw new BadInputException(what + " was written by a run with other options (" + String.join("; ", changed)
                    + "); resume with the options in " + runJson + " or start afresh in another --output-dir");
        }
    }

    private static String text(JsonNode v) {
        return v.isTextual() ? v.asText() : v.toString();
    }
}
