package dev.retort.elicit.collect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Hashing;
import dev.retort.core.io.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What decides the questions a collection asks and the answers it gets: the seed, the predictor and its model, the
 * claims file's bytes and the planning options. Saved as {@code plan.json} beside the tuple log. A resumed run with
 * another plan would append a second plan's questions to the first one's log, so {@link #checkResume} refuses it
 * unless forced.
 *
 * @param model the server's model name; null for the local predictor
 */
public record CollectPlan(long seed, String predictor, String model, String embedder, String claimsSha256,
                          int groupSize, int anchors, int contextSize, int budgetPerGroup, double adaptiveFraction,
                          double adaptiveFactor, boolean zeroShot, int flipPairs, int regroupBudget,
                          CollectOptions.Adaptive adaptiveBy) {

    public static final String FILE = "plan.json";

    public static CollectPlan of(long seed, String predictor, String model, String embedder, Path claims, CollectOptions o) {
        return of(seed, predictor, model, embedder, Hashing.sha256(claims), o);
    }

    private static CollectPlan of(long seed, String predictor, String model, String embedder, String claimsSha256, CollectOptions o) {
        return new CollectPlan(seed, predictor, model, embedder, claimsSha256, o.groupSize(), o.anchors(),
                o.contextSize(), o.budgetPerGroup(), o.adaptiveFraction(), o.adaptiveFactor(), o.zeroShot(), o.flipPairs(),
                o.regroupBudget(), o.adaptiveBy());
    }

    /** Saves this plan in the run directory unless one is there: a forced resume keeps the plan the run started with. */
    public void recordIn(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) Json.write(file, this);
    }

    /**
     * Before {@code --resume} appends to the run in {@code dir}: the plan saved there must equal this one, unless
     * {@code force}. A run saved before plans were recorded has nothing to compare and passes.
     *
     * @throws BadInputException naming every field that differs, old and new value
     */
    public void checkResume(Path dir, boolean force) {
        Path file = dir.resolve(FILE);
        if (force || !Files.exists(file)) return;
        List<String> changed = differences(Json.readTree(file));
        if (!changed.isEmpty())
            throw new BadInputException(dir + ": --resume with a different plan than the run was started with (" + String.join(", ", changed)
                    + "); its tuple log would mix the two plans' questions. Use the original options, another --output-dir, or --force to append anyway");
    }

    /** "name: old → new" for each field whose saved value differs from this plan's. */
    List<String> differences(JsonNode saved) {
        JsonNode now = Json.MAPPER.valueToTree(this);
        JsonNode defaults = Json.MAPPER.valueToTree(of(0, "", null, "", "", CollectOptions.defaults()));
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            JsonNode was = saved.path(name);
            // an option added after the run started (flipPairs, regroupBudget, adaptiveBy) is absent from its plan.json
            // and had its default value then
            if (was.isMissingNode() && same(defaults.get(name), now.get(name))) continue;
            if (!same(was, now.get(name))) out.add(name + ": " + (was.isMissingNode() ? "absent" : was) + " → " + now.get(name));
        }
        return out;
    }

    /** Equal values; numbers by value (a long written and read back is an int node). */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        return a.equals(b);
    }
}
