package dev.retort.kd.schedule;

import dev.retort.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScheduleTest {

    /** The two schedules of the original README: Trident and legacy (its config/defaults.py had other Trident values: trident_code). */
    @Test
    void tridentAndLegacyRampAsTheOriginalReadmeGivesThem() {
        var s = SchedulePresets.builtIn("trident", false);
        assertThat(s.ramps()).containsExactly(Map.entry("focal", new Ramp(.4, .3)), Map.entry("jsd", new Ramp(.5, .35)),
                Map.entry("semantic", new Ramp(.1, .35)));
        assertThat(s.at(0.5).get("jsd")).isCloseTo(0.425, within(1e-12));
        assertThat(SchedulePresets.builtIn("legacy", false).ramps()).containsExactly(Map.entry("ce", new Ramp(.6, .4)),
                Map.entry("kl", new Ramp(.35, .35)), Map.entry("pans", new Ramp(.05, .15)), Map.entry("ast", new Ramp(0, .1)));
        assertThat(SchedulePresets.builtIn("trident_code", false).ramps().get("jsd")).isEqualTo(new Ramp(.7, .35));
        assertThat(SchedulePresets.builtIn("trident", true).ramps().get("contrastive")).isEqualTo(new Ramp(.1, .2));
    }

    @Test
    void theDefaultPresetIsTheOneNamingMostComponents() {
        assertThat(SchedulePresets.bestFor(java.util.List.of("ce", "kl", "pans", "ast"))).isEqualTo("legacy");
        assertThat(SchedulePresets.bestFor(java.util.List.of("ce", "kl"))).isEqualTo("legacy");
        assertThat(SchedulePresets.bestFor(java.util.List.of("focal", "jsd", "semantic", "contrastive"))).isEqualTo("trident");
        assertThat(SchedulePresets.bestFor(java.util.List.of("contrastive"))).isEqualTo("trident");
    }

    @Test
    void everyPresetMatchesTheIssueTable() {
        // name → ce, kl, pans, ast as start/end pairs
        Map<String, double[]> table = Map.of(
                "aggressive", new double[]{.35, .25, .6, .35, .05, .25, 0, .15},
                "conservative", new double[]{.55, .45, .4, .4, .05, .1, 0, .05},
                "code_focused", new double[]{.5, .3, .35, .3, .1, .25, .05, .15},
                "stability_first", new double[]{.7, .5, .3, .35, 0, .1, 0, .05});
        table.forEach((name, v) -> {
            var s = SchedulePresets.builtIn(name, true);
            String[] keys = {"ce", "kl", "pans", "ast"};
            for (int i = 0; i < 4; i++) {
                assertThat(s.ramps().get(keys[i])).as(name + " " + keys[i]).isEqualTo(new Ramp(v[2 * i], v[2 * i + 1]));
            }
            assertThat(s.ramps().get("contrastive")).isEqualTo(new Ramp(0.1, 0.2));
        });
        assertThat(SchedulePresets.builtIn("trident", false).ramps()).doesNotContainKey("contrastive");
    }

    @Test
    void customPresetFromJson(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.json");
        Files.writeString(f, "{\"weights\": {\"ce\": [0.6, 0.2], \"kl\": {\"start\": 0.4, \"end\": 0.8}, \"pans\": 0.1}}");
        var s = SchedulePresets.resolve(f.toString(), false);
        assertThat(s.at(0.5)).containsEntry("ce", 0.4).containsEntry("pans", 0.1);
        assertThat(s.at(0.5).get("kl")).isCloseTo(0.6, within(1e-12));
        Files.writeString(f, "{\"ce\": \"lots\"}");
        assertThatThrownBy(() -> SchedulePresets.resolve(f.toString(), false)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("'ce'");
        assertThatThrownBy(() -> SchedulePresets.resolve("turbo", false)).hasMessageContaining("trident");
    }

    /** The original's own shape: SCHEDULING_PRESETS = {"my_strategy": {"ce": {"start": …, "end": …}, …}}. */
    @Test
    void customPresetInTheOriginalsNamedShape(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("presets.json");
        Files.writeString(f, "{\"my_strategy\": {\"ce\": {\"start\": 0.7, \"end\": 0.3}, \"kl\": {\"start\": 0.2, \"end\": 0.4},"
                + " \"pans\": {\"start\": 0.1, \"end\": 0.2}, \"ast\": {\"start\": 0.0, \"end\": 0.1}}}");
        var s = SchedulePresets.resolve(f.toString(), false);
        assertThat(s.name()).isEqualTo("my_strategy");
        assertThat(s.ramps()).containsExactly(Map.entry("ce", new Ramp(.7, .3)), Map.entry("kl", new Ramp(.2, .4)),
                Map.entry("pans", new Ramp(.1, .2)), Map.entry("ast", new Ramp(0, .1)));
        Files.writeString(f, "{\"a\": {\"ce\": {\"start\": 0.7, \"end\": 0.3}}, \"b\": {\"kl\": [0.2, 0.4]}}");
        assertThatThrownBy(() -> SchedulePresets.resolve(f.toString(), false)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("[a, b]").hasMessageContaining("#NAME");
        assertThat(SchedulePresets.resolve(f + "#b", false).ramps()).containsExactly(Map.entry("kl", new Ramp(.2, .4)));
        assertThatThrownBy(() -> SchedulePresets.resolve(f + "#c", false)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no preset 'c'");
    }

    @Test
    void progressPerEpochAndPerStep() {
        assertThat(new ScheduleClock(ScheduleClock.Granularity.EPOCH, 3, 30).at(1, 29)).isEqualTo(0.5);
        assertThat(new ScheduleClock(ScheduleClock.Granularity.STEP, 3, 11).at(0, 5)).isEqualTo(0.5);
        assertThat(new ScheduleClock(ScheduleClock.Granularity.EPOCH, 1, 10).at(0, 9)).isZero();
    }

    @Test
    void temperatureAnnealsOrStaysFixed() {
        var t = TemperatureSchedule.annealed(4.0, 1.5);
        assertThat(t.at(0)).isEqualTo(4.0);
        assertThat(t.at(1)).isEqualTo(1.5);
        assertThat(TemperatureSchedule.fixed(2).at(0.7)).isEqualTo(2.0);
        assertThatThrownBy(() -> TemperatureSchedule.fixed(0)).isInstanceOf(BadInputException.class);
    }
}
