package dev.retort.kd.distill;

import dev.retort.core.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The groups check their values when built, and a checkpoint saves the options flat, as before the grouping. */
class DistillOptionsTest {
    @Test
    void badValuesAreRefusedWhenTheGroupIsBuilt() {
        var d = DistillOptions.defaults();
        assertThatThrownBy(() -> d.loss().withMode("traditional", 1.5)).isInstanceOf(BadInputException.class).hasMessageContaining("--alpha");
        assertThatThrownBy(() -> d.optimizer().withLr(0)).isInstanceOf(BadInputException.class).hasMessageContaining("--lr");
        assertThatThrownBy(() -> new DistillOptions.Training(1, 0, 1, 1)).isInstanceOf(BadInputException.class).hasMessageContaining("--batch-size");
        assertThatThrownBy(() -> new DistillOptions.Model("tiny", 1.0, 64, 24, false)).isInstanceOf(BadInputException.class).hasMessageContaining("--dropout-rate");
        assertThatThrownBy(() -> new DistillOptions.Run(false, 0, 0, false)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--validation-frequency");
    }

    @Test
    void checkpointsSaveEveryOptionUnderItsOwnNameExceptResumeAndStopAfterEpoch() {
        var saved = DistillOptions.defaults().checkpointed();
        List<String> names = new java.util.ArrayList<>();
        saved.fieldNames().forEachRemaining(names::add);
        assertThat(names).hasSize(38).contains("lr", "batchSize", "workers", "weightDecay", "lossFunction", "maxValSamples", "copyFollow").doesNotContain("resume", "stopAfterEpoch", "optimizer");
        assertThat(saved.get("lr").asDouble()).isEqualTo(1e-3);
    }
}
