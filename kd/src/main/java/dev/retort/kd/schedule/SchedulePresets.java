package dev.retort.kd.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dynamic-weighting presets of the original pipeline (start → end weight per component) and custom presets
 * read from JSON. {@code trident} and {@code legacy} are the two schedules the original README gives; the others
 * are the alternatives of its {@code config/defaults.py}, and {@code trident_code} is the Trident schedule as that
 * file (not the README) sets it. When the contrastive term is enabled it ramps 0.1 → 0.2 in every built-in preset.
 */
public final class SchedulePresets {
    public static final List<String> NAMES = List.of("trident", "legacy", "aggressive", "conservative", "code_focused",
            "stability_first", "trident_code");

    private SchedulePresets() {
    }

    public static WeightSchedule builtIn(String name, boolean contrastive) {
        Map<String, Ramp> r = switch (name) {
            case "trident" -> ramps("focal", .4, .3, "jsd", .5, .35, "semantic", .1, .35);
            case "trident_code" -> ramps("focal", .3, .3, "jsd", .7, .35, "semantic", 0, .35);
            case "legacy" -> ramps("ce", .6, .4, "kl", .35, .35, "pans", .05, .15, "ast", 0, .1);
            case "aggressive" -> ramps("ce", .35, .25, "kl", .6, .35, "pans", .05, .25, "ast", 0, .15);
            case "conservative" -> ramps("ce", .55, .45, "kl", .4, .4, "pans", .05, .1, "ast", 0, .05);
            case "code_focused" -> ramps("ce", .5, .3, "kl", .35, .3, "pans", .1, .25, "ast", .05, .15);
            case "stability_first" -> ramps("ce", .7, .5, "kl", .3, .35, "pans", 0, .1, "ast", 0, .05);
            default -> throw new BadInputException("unknown --scheduling-preset '" + name + "': use one of " + NAMES
                    + " or a path to a JSON preset");
        };
        if (contrastive) r.put("contrastive", new Ramp(0.1, 0.2));
        return new WeightSchedule(name, r);
    }

    /** The built-in preset that schedules most of {@code components} (trident on a tie): the default of --scheduling-preset. */
    public static String bestFor(Collection<String> components) {
        return NAMES.stream().max(Comparator.comparingLong((String n) -> components.stream()
                        .filter(builtIn(n, false).ramps()::containsKey).count())
                .thenComparing(n -> -NAMES.indexOf(n))).orElseThrow();
    }

    /**
     * A built-in name, or a JSON file. The file maps component → [start, end], {"start": s, "end": e} or a constant,
     * either at the top level, under "weights", or under a strategy name as the original's SCHEDULING_PRESETS did:
     * {@code {"my_strategy": {"ce": {"start": 0.7, "end": 0.3}, …}}}. A file with several strategies needs
     * {@code FILE#name}.
     */
    public static WeightSchedule resolve(String nameOrPath, boolean contrastive) {
        if (NAMES.contains(nameOrPath)) return builtIn(nameOrPath, contrastive);
        Path file = Path.of(nameOrPath);
        String strategy = null;
        int hash = nameOrPath.lastIndexOf('#');
        if (!Files.isRegularFile(file) && hash > 0) {
            file = Path.of(nameOrPath.substring(0, hash));
            strategy = nameOrPath.substring(hash + 1);
        }
        if (!Files.isRegularFile(file)) return builtIn(nameOrPath, contrastive); // names the choices
        JsonNode root = Json.readTree(file);
        if (root.has("weights")) return new WeightSchedule(file.getFileName().toString(), weights(file, root.get("weights")));
        List<String> strategies = new ArrayList<>();
        root.fieldNames().forEachRemaining(k -> {
            if (root.get(k).isObject() && !isRamp(root.get(k))) strategies.add(k);
        });
        if (strategy != null) {
            if (!strategies.contains(strategy)) {
                throw new BadInputException(file + ": no preset '" + strategy + "' in it; it holds " + strategies);
            }
            return new WeightSchedule(strategy, weights(file, root.get(strategy)));
        }
        if (strategies.isEmpty()) return new WeightSchedule(file.getFileName().toString(), weights(file, root));
        if (strategies.size() == 1 && strategies.size() == root.size()) {
            return new WeightSchedule(strategies.getFirst(), weights(file, root.get(strategies.getFirst())));
        }
        throw new BadInputException(file + " holds several presets " + strategies + "; pick one with --scheduling-preset "
                + file + "#NAME");
    }

    private static boolean isRamp(JsonNode v) {
        return v.has("start") || v.has("end");
    }

    private static Map<String, Ramp> weights(Path file, JsonNode weights) {
        if (!weights.isObject() || weights.isEmpty()) {
            throw new BadInputException(file + ": a preset is an object of component → [start, end] or {\"start\", \"end\"}");
        }
        Map<String, Ramp> r = new LinkedHashMap<>();
        weights.properties().forEach(e -> r.put(e.getKey(), ramp(file, e.getKey(), e.getValue())));
        return r;
    }

    private static Ramp ramp(Path file, String component, JsonNode v) {
        double start, end;
        if (v.isArray() && v.size() == 2 && v.get(0).isNumber() && v.get(1).isNumber()) {
            start = v.get(0).asDouble();
            end = v.get(1).asDouble();
        } else if (v.isObject() && v.path("start").isNumber() && v.path("end").isNumber()) {
            start = v.get("start").asDouble();
            end = v.get("end").asDouble();
        } else if (v.isNumber()) {
            start = end = v.asDouble();
        } else {
            throw new BadInputException(file + ": weight of '" + component + "' must be a number, [start, end] or {\"start\", \"end\"}");
        }
        if (!Double.isFinite(start) || !Double.isFinite(end) || start < 0 || end < 0) {
            throw new BadInputException(file + ": weight of '" + component + "' must be finite and ≥ 0");
        }
        return new Ramp(start, end);
    }

    /** component, start, end, component, start, end, … in order. */
    private static Map<String, Ramp> ramps(Object... triples) {
        Map<String, Ramp> r = new LinkedHashMap<>();
        for (int i = 0; i < triples.length; i += 3) {
            r.put((String) triples[i], new Ramp(((Number) triples[i + 1]).doubleValue(), ((Number) triples[i + 2]).doubleValue()));
        }
        return r;
    }
}
