package dev.retort.kd.distill;

import dev.retort.core.BadInputException;
import dev.retort.kd.schedule.Ramp;
import dev.retort.kd.schedule.SchedulePresets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How --loss-components, --loss-weights, --enable-dynamic-weighting and --scheduling-preset become weights. */
class LossPlanTest {

    static DistillOptions options(String mode, List<String> components, List<Double> weights, boolean dynamic, String preset) {
        return DistillOptions.defaults().withLoss(new DistillOptions.Loss(mode, components, weights, 0.7, 5.0, 0.1, 0.1, 2))
                .withSchedule(new DistillOptions.Schedule(dynamic, preset, "step", 4.0, 1.5));
    }

    /** The original README's legacy example: --loss_components ce kl pans ast --enable_dynamic_weighting. */
    @Test
    void legacyComponentsWithDynamicWeightingFollowTheLegacySchedule() {
        var plan = LossPlan.of(options("multi_component", List.of("ce", "kl", "pans", "ast"), List.of(), true, null));
        assertThat(plan.schedule().name()).isEqualTo("legacy");
        assertThat(plan.schedule().ramps()).containsExactly(Map.entry("ce", new Ramp(.6, .4)), Map.entry("kl", new Ramp(.35, .35)),
                Map.entry("pans", new Ramp(.05, .15)), Map.entry("ast", new Ramp(0, .1)));
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void tridentComponentsByDefaultFollowTheReadmesTridentSchedule() {
        var plan = LossPlan.of(options("multi_component", List.of("focal", "jsd", "semantic", "contrastive"), List.of(), true, null));
        assertThat(plan.schedule().ramps()).containsExactly(Map.entry("focal", new Ramp(.4, .3)), Map.entry("jsd", new Ramp(.5, .35)),
                Map.entry("semantic", new Ramp(.1, .35)), Map.entry("contrastive", new Ramp(.1, .2)));
    }

    @Test
    void everyPresetSchedulesExactlyTheComponentsItNames() {
        for (String name : SchedulePresets.NAMES) {
            var preset = SchedulePresets.builtIn(name, false);
            List<String> components = List.copyOf(preset.ramps().keySet());
            var plan = LossPlan.of(options("multi_component", components, List.of(), true, name));
            assertThat(plan.schedule().ramps()).as(name).isEqualTo(preset.ramps());
            assertThat(plan.warnings()).as(name).isEmpty();
        }
    }

    @Test
    void lossWeightsAreTheStartOfTheRampNotOverriddenByThePreset() {
        var plan = LossPlan.of(options("multi_component", List.of("ce", "kl", "pans", "ast"), List.of(.5, .4, .1, .05), true, "legacy"));
        assertThat(plan.schedule().ramps()).containsExactly(Map.entry("ce", new Ramp(.5, .4)), Map.entry("kl", new Ramp(.4, .35)),
                Map.entry("pans", new Ramp(.1, .15)), Map.entry("ast", new Ramp(.05, .1)));
        var fixed = LossPlan.of(options("multi_component", List.of("ce", "kl", "pans", "ast"), List.of(.5, .4, .1, .05), false, "legacy"));
        assertThat(fixed.schedule().at(1)).containsExactly(Map.entry("ce", .5), Map.entry("kl", .4), Map.entry("pans", .1),
                Map.entry("ast", .05));
    }

    @Test
    void aComponentThePresetDoesNotNameKeepsItsWeightAndIsWarnedAbout() {
        var plan = LossPlan.of(options("multi_component", List.of("focal", "jsd", "pans"), List.of(), true, "trident"));
        assertThat(plan.schedule().ramps().get("focal")).isEqualTo(new Ramp(.4, .3));
        assertThat(plan.schedule().ramps().get("pans")).isEqualTo(Ramp.constant(1.0 / 3));
        assertThat(plan.warnings()).singleElement().asString().contains("'trident'").contains("[pans]");
    }

    @Test
    void aPresetThatNamesNoneOfTheComponentsIsRefused() {
        assertThatThrownBy(() -> LossPlan.of(options("multi_component", List.of("ce", "kl", "pans", "ast"), List.of(), true, "trident")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("would change no weight")
                .hasMessageContaining("legacy");
        assertThatThrownBy(() -> LossPlan.of(options("traditional", List.of(), List.of(), true, "trident")))
                .isInstanceOf(BadInputException.class);
    }

    @Test
    void traditionalModeWithoutDynamicWeightingIsAlphaCePlusRestKl() {
        var plan = LossPlan.of(options("traditional", List.of(), List.of(), false, null));
        assertThat(plan.schedule().at(0)).containsEntry("ce", 0.7);
        assertThat(plan.schedule().at(0).get("kl")).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(plan.schedule().at(0)).isEqualTo(plan.schedule().at(1));
    }
}
