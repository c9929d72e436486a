package dev.retort.kd.distill;

import dev.retort.core.BadInputException;
import dev.retort.kd.loss.LossMode;
import dev.retort.kd.schedule.Ramp;
import dev.retort.kd.schedule.SchedulePresets;
import dev.retort.kd.schedule.WeightSchedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which components a run uses and how each is weighted over training.
 * <ul>
 *   <li>traditional: α·ce + (1 − α)·kl; enhanced: + pans_weight·pans; ast_enhanced: + ast_weight·ast;</li>
 *   <li>multi_component: {@code --loss-components} (default focal, jsd, semantic) with {@code --loss-weights},
 *       else the preset's mean weight over training ((start + end) / 2), else 1/n;</li>
 *   <li>the preset is {@code --scheduling-preset}, or when none is given the built-in one that names most of the
 *       components (trident for focal/jsd/semantic, legacy for ce/kl/pans/ast);</li>
 *   <li>{@code --enable-dynamic-weighting}: every component the preset names ramps to the preset's end weight, from
 *       its {@code --loss-weights} value when given, else from the preset's start; the others keep their fixed weight
 *       and are named in a warning. A preset that names none of the components is refused: it would change nothing.</li>
 * </ul>
 */
record LossPlan(LossMode mode, List<String> components, WeightSchedule schedule, List<String> warnings) {

    static LossPlan of(DistillOptions o) {
        LossMode mode = LossMode.parse(o.loss().lossFunction());
        List<String> components = mode == LossMode.MULTI_COMPONENT && !o.loss().lossComponents().isEmpty()
                ? List.copyOf(o.loss().lossComponents()) : mode.defaultComponents();
        if (components.stream().distinct().count() != components.size()) {
            throw new BadInputException("--loss-components lists a component twice: " + components);
        }
        String presetName = o.schedule().schedulingPreset() != null ? o.schedule().schedulingPreset() : SchedulePresets.bestFor(components);
        WeightSchedule preset = SchedulePresets.resolve(presetName, components.contains("contrastive"));
        Map<String, Double> given = givenWeights(o, components);
        Map<String, Double> fixed = new LinkedHashMap<>();
        for (String c : components) fixed.put(c, given.containsKey(c) ? given.get(c) : defaultWeight(o, mode, c, preset, components));
        for (var e : fixed.entrySet()) {
            if (!Double.isFinite(e.getValue()) || e.getValue() < 0) {
                throw new BadInputException("weight of " + e.getKey() + " must be finite and ≥ 0, got " + e.getValue());
            }
        }
        if (!o.schedule().enableDynamicWeighting()) return new LossPlan(mode, components, WeightSchedule.fixed(fixed), List.of());
        return dynamic(mode, components, preset, given, fixed);
    }

    private static LossPlan dynamic(LossMode mode, List<String> components, WeightSchedule preset,
                                    Map<String, Double> given, Map<String, Double> fixed) {
        List<String> unscheduled = components.stream().filter(c -> !preset.ramps().containsKey(c)).toList();
        if (unscheduled.size() == components.size()) {
            throw new BadInputException("--enable-dynamic-weighting would change no weight: preset '" + preset.name()
                    + "' schedules " + preset.ramps().keySet() + " and the run's components are " + components
                    + "; choose a preset that names them (--scheduling-preset legacy for ce/kl/pans/ast, trident for "
                    + "focal/jsd/semantic, or a JSON preset) or drop --enable-dynamic-weighting");
        }
        Map<String, Ramp> ramps = new LinkedHashMap<>();
        for (String c : components) {
            Ramp r = preset.ramps().get(c);
            ramps.put(c, r == null ? Ramp.constant(fixed.get(c)) : new Ramp(given.getOrDefault(c, r.start()), r.end()));
        }
        List<String> warnings = List.of();
        if (!unscheduled.isEmpty()) {
            Map<String, Double> kept = new LinkedHashMap<>();
            unscheduled.forEach(c -> kept.put(c, fixed.get(c)));
            warnings = List.of("preset '" + preset.name() + "' does not schedule " + unscheduled + "; they keep the fixed weights "
                    + kept + " for the whole run");
        }
        return new LossPlan(mode, components, new WeightSchedule(preset.name(), ramps), warnings);
    }

    /** {@code --loss-weights} aligned with the components, or empty when none were given. */
    private static Map<String, Double> givenWeights(DistillOptions o, List<String> components) {
        Map<String, Double> given = new LinkedHashMap<>();
        if (o.loss().lossWeights().isEmpty()) return given;
        if (o.loss().lossWeights().size() != components.size()) {
            throw new BadInputException("--loss-weights has " + o.loss().lossWeights().size() + " values for " + components.size()
                    + " components " + components);
        }
        for (int i = 0; i < components.size(); i++) given.put(components.get(i), o.loss().lossWeights().get(i));
        return given;
    }

    private static double defaultWeight(DistillOptions o, LossMode mode, String c, WeightSchedule preset, List<String> components) {
        if (mode != LossMode.MULTI_COMPONENT) {
            Double legacy = switch (c) {
                case "ce" -> o.loss().alpha();
                case "kl" -> 1 - o.loss().alpha();
                case "pans" -> o.loss().pansWeight();
                case "ast" -> o.loss().astWeight();
                default -> null;
            };
            if (legacy != null) return legacy;
        }
        Ramp r = preset.ramps().get(c);
        return r != null ? r.at(0.5) : 1.0 / components.size();
    }
}
