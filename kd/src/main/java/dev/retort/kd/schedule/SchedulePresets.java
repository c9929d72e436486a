package dev.retort.kd.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dynamic-weighting presets of the original pipeline (start → end weight per component) and custom presets
 * read from JSON. When the contrastive term is enabled it ramps 0.1 → 0.2 in every built-in preset.
 */
public final class SchedulePresets {
    public static final List<String> NAMES = List.of("trident", "aggressive", "conservative", "code_focused", "stability_first");

    private SchedulePresets() {
    }

    public static WeightSchedule builtIn(String name, boolean contrastive) {
        Map<String, Ramp> r = new LinkedHashMap<>();
        switch (name) {
            case "trident" -> {
                r.put("focal", new Ramp(0.3, 0.3));
                r.put("jsd", new Ramp(0.7, 0.35));
                r.put("semantic", new Ramp(0.0, 0.35));
            }
            case "aggressive" -> {
                r.put("ce", new Ramp(0.35, 0.25));
                r.put("kl", new Ramp(0.6, 0.35));
                r.put("pans", new Ramp(0.05, 0.25));
                r.put("ast", new Ramp(0.0, 0.15));
            }
            case "conservative" -> {
                r.put("ce", new Ramp(0.55, 0.45));
                r.put("kl", new Ramp(0.4, 0.4));
                r.put("pans", new Ramp(0.05, 0.1));
                r.put("ast", new Ramp(0.0, 0.05));
            }
            case "code_focused" -> {
                r.put("ce", new Ramp(0.5, 0.3));
                r.put("kl", new Ramp(0.35, 0.3));
                r.put("pans", new Ramp(0.1, 0.25));
                r.put("ast", new Ramp(0.05, 0.15));
            }
            case "stability_first" -> {
                r.put("ce", new Ramp(0.7, 0.5));
                r.put("kl", new Ramp(0.3, 0.35));
                r.put("pans", new Ramp(0.0, 0.1));
                r.put("ast", new Ramp(0.0, 0.05));
            }
            default -> throw new BadInputException("unknown --scheduling-preset '" + name + "': use one of " + NAMES
                    + " or a path to a JSON preset");
        }
        if (contrastive) r.put("contrastive", new Ramp(0.1, 0.2));
        return new WeightSchedule(name, r);
    }

    /**
     * A built-in name, or a JSON file mapping component → [start, end] or {"start": s, "end": e}, optionally
     * under a top-level "weights" key: {@code {"weights": {"ce": [0.6, 0.4], "kl": {"start": 0.4, "end": 0.6}}}}.
     */
    public static WeightSchedule resolve(String nameOrPath, boolean contrastive) {
        if (NAMES.contains(nameOrPath)) return builtIn(nameOrPath, contrastive);
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) return builtIn(nameOrPath, contrastive); // names the choices
        JsonNode root = Json.readTree(file);
        JsonNode weights = root.has("weights") ? root.get("weights") : root;
        if (!weights.isObject() || weights.isEmpty()) {
            throw new BadInputException(file + ": a preset is an object of component → [start, end]");
        }
        Map<String, Ramp> r = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = weights.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
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
                throw new BadInputException(file + ": weight of '" + e.getKey() + "' must be a number, [start, end] or {\"start\", \"end\"}");
            }
            if (!Double.isFinite(start) || !Double.isFinite(end) || start < 0 || end < 0) {
                throw new BadInputException(file + ": weight of '" + e.getKey() + "' must be finite and ≥ 0");
            }
            r.put(e.getKey(), new Ramp(start, end));
        }
        return new WeightSchedule(file.getFileName().toString(), r);
    }
}
