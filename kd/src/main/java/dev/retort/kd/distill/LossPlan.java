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
 *   <li>{@code --enable-dynamic-weighting}: every component the preset names follows the preset's ramp; the
 *       others keep their fixed weight.</li>
 * </ul>
 */
record LossPlan(LossMode mode, List<String> components, WeightSchedule schedule) {

    static LossPlan of(DistillOptions o) {
        LossMode mode = LossMode.parse(o.lossFunction());
        List<String> components = mode == LossMode.MULTI_COMPONENT && !o.lossComponents().isEmpty()
                ? List.copyOf(o.lossComponents()) : mode.defaultComponents();
        if (components.stream().distinct().count() != components.size()) {
            throw new BadInputException("--loss-components lists a component twice: " + components);
        }
        WeightSchedule preset = SchedulePresets.resolve(o.schedulingPreset(), components.contains("contrastive"));
        Map<String, Double> fixed = new LinkedHashMap<>();
        if (!o.lossWeights().isEmpty()) {
            if (o.lossWeights().size() != components.size()) {
                throw new BadInputException("--loss-weights has " + o.lossWeights().size() + " values for " + components.size()
                        + " components " + components);
            }
            for (int i = 0; i < components.size(); i++) fixed.put(components.get(i), o.lossWeights().get(i));
        } else {
            for (String c : components) {
                fixed.put(c, switch (c) {
                    case "ce" -> mode == LossMode.MULTI_COMPONENT ? presetMeanOr(preset, c, components) : o.alpha();
                    case "kl" -> mode == LossMode.MULTI_COMPONENT ? presetMeanOr(preset, c, components) : 1 - o.alpha();
                    case "pans" -> mode == LossMode.MULTI_COMPONENT ? presetMeanOr(preset, c, components) : o.pansWeight();
                    case "ast" -> mode == LossMode.MULTI_COMPONENT ? presetMeanOr(preset, c, components) : o.astWeight();
                    default -> presetMeanOr(preset, c, components);
                });
            }
        }
        for (var e : fixed.entrySet()) {
            if (!Double.isFinite(e.getValue()) || e.getValue() < 0) {
                throw new BadInputException("weight of " + e.getKey() + " must be finite and ≥ 0, got " + e.getValue());
            }
        }
        Map<String, Ramp> ramps = new LinkedHashMap<>();
        for (String c : components) {
            Ramp r = o.enableDynamicWeighting() ? preset.ramps().get(c) : null;
            ramps.put(c, r != null ? r : Ramp.constant(fixed.get(c)));
        }
        String name = o.enableDynamicWeighting() ? preset.name() : "fixed";
        return new LossPlan(mode, components, new WeightSchedule(name, ramps));
    }

    private static double presetMeanOr(WeightSchedule preset, String c, List<String> components) {
        Ramp r = preset.ramps().get(c);
        return r != null ? r.at(0.5) : 1.0 / components.size();
    }
}
