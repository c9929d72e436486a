package dev.retort.core.train;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResumeCheckTest {
    record Schedule(int epochs, double lr, int stopAfter) {
    }

    record Options(Schedule schedule, String preset, boolean resume) {
    }

    private static void writeRun(Path dir, Options o) {
        Json.write(dir.resolve("run.json"), Map.of("config", Map.of("options", o), "seed", Engine.get().seed()));
    }

    @Test
    void aRunResumesWithItsOwnConfigurationOrOnlyTheStopAndResumeFlagsChanged(@TempDir Path dir) {
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 42));
        writeRun(dir, new Options(new Schedule(5, 2e-3, 100), "student", false));
        assertThatCode(() -> ResumeCheck.requireSameConfig(dir, Map.of("options", new Options(new Schedule(5, 0.002, 0), "student", true)),
                List.of("resume", "stopAfter"))).doesNotThrowAnyException();
    }

    @Test
    void anOptionAddedSinceTheRunWasWrittenIsNotCompared(@TempDir Path dir) {
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 42));
        Json.write(dir.resolve("run.json"), Map.of("config", Map.of("options", Map.of("schedule", Map.of("epochs", 5, "lr", 2e-3, "stopAfter", 0),
                "resume", false)), "seed", 42));
        assertThatCode(() -> ResumeCheck.requireSameConfig(dir, Map.of("options", new Options(new Schedule(5, 2e-3, 0), "student", true)),
                List.of("resume"))).as("preset is newer than the run").doesNotThrowAnyException();
    }

    @Test
    void anyOtherChangeIsRefusedNamingItsPathAndBothValues(@TempDir Path dir) {
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 42));
        writeRun(dir, new Options(new Schedule(5, 2e-3, 0), "student", false));
        assertThatThrownBy(() -> ResumeCheck.requireSameConfig(dir, Map.of("options", new Options(new Schedule(6, 2e-3, 0), "teacher", true)),
                List.of("resume")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("options.schedule.epochs 5 → 6").hasMessageContaining("options.preset student → teacher")
                .hasMessageContaining(dir.resolve("run.json").toString());
    }

    @Test
    void anotherSeedIsRefusedAndARunWithoutRunJsonIsNotChecked(@TempDir Path dir) {
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 42));
        Options o = new Options(new Schedule(5, 2e-3, 0), "student", false);
        assertThatCode(() -> ResumeCheck.requireSameConfig(dir, Map.of("options", o), List.of())).doesNotThrowAnyException();
        writeRun(dir, o);
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 7));
        assertThatThrownBy(() -> ResumeCheck.requireSameConfig(dir, Map.of("options", o), List.of())).hasMessageContaining("seed 42 → 7");
        Engine.start(new Engine.Config(Engine.Backend.CPU, 1, 42));
    }

    @Test
    void checkpointOptionsLiftEachGroupsFieldsToTheTopLevel() {
        var flat = ResumeCheck.options(new Options(new Schedule(5, 2e-3, 0), "student", true), List.of("resume"));
        List<String> names = new java.util.ArrayList<>();
        flat.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("epochs", "lr", "stopAfter", "preset");
    }
}
