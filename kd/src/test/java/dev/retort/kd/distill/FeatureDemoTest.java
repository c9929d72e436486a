package dev.retort.kd.distill;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The four demonstrations run for real on the bundled sample and their numbers show their features. */
class FeatureDemoTest {
    @Test
    void everyDemonstrationShowsItsFeatureWithNumbersFromItsRun(@TempDir Path dir) {
        List<FeatureDemo.Section> printed = new ArrayList<>();
        var sections = FeatureDemo.run(Path.of("..").resolve(FeatureDemo.SAMPLE), dir, printed::add);
        assertThat(printed).isEqualTo(sections).hasSize(4);
        assertThat(sections).allSatisfy(s -> assertThat(s.shown()).as(s.title() + ": " + s.evidence()).isTrue());
        assertThat(sections.get(0).evidence()).anySatisfy(e -> assertThat(e).contains("peak at step 6 of 24"));
        assertThat(sections.get(1).evidence().getFirst()).contains("effective batch 3 and 3");
        assertThat(sections.get(2).evidence()).anySatisfy(e -> assertThat(e).startsWith("ce    step  1: raw").contains("weight 0.6"));
        assertThat(dir.resolve("production/final_model/model.safetensors")).exists();
    }
}
