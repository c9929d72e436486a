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

    @Test
    void tridentRampsAsSpecified() {
        var s = SchedulePresets.builtIn("trident", false);
        assertThat(s.at(0).keySet()).containsExactly("focal", "jsd", "semantic");
        assertThat(s.at(0)).containsEntry("focal", 0.3).containsEntry("jsd", 0.7).containsEntry("semantic", 0.0);
        assertThat(s.at(1).get("jsd")).isCloseTo(0.35, within(1e-12));
        assertThat(s.at(1).get("semantic")).isCloseTo(0.35, within(1e-12));
        assertThat(s.at(0.5).get("jsd")).isCloseTo(0.525, within(1e-12));
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

    @Test
    void progressPerEpochAndPerStep() {
        assertThat(new Progress(Progress.Granularity.EPOCH, 3, 30).at(1, 29)).isEqualTo(0.5);
        assertThat(new Progress(Progress.Granularity.STEP, 3, 11).at(0, 5)).isEqualTo(0.5);
        assertThat(new Progress(Progress.Granularity.EPOCH, 1, 10).at(0, 9)).isZero();
    }

    @Test
    void warmupThenLinearDecay() {
        var lr = LearningRateSchedule.withDefaultWarmup(1.0, 0, 100); // 10 warmup steps
        assertThat(lr.warmupSteps()).isEqualTo(10);
        assertThat(lr.at(0)).isCloseTo(0.1, within(1e-12));
        assertThat(lr.at(9)).isCloseTo(1.0, within(1e-12));
        assertThat(lr.at(55)).isCloseTo(0.5, within(1e-12));
        assertThat(lr.at(100)).isZero();
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
