package dev.retort.route;

import dev.retort.core.Rng;
import dev.retort.core.tensor.Tensors;
import dev.retort.core.train.EpochCheckpoint;
import dev.retort.core.train.ParameterSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class AdapterTrainingTest {
    private static final SyntheticQa DATA = SyntheticQa.generate(5, 16, 16, 21);

    private static AdapterTraining.Result train(EpochCheckpoint.Plan plan) {
        int n = DATA.questions().length;
        var s = new AdapterTraining.Settings(2, 6, 16, 1e-2, 1e-2, 0.05, 6, 0.2);
        return AdapterTraining.train(Rows.tensor(DATA.questions()), Rows.tensor(DATA.answers()), java.util.stream.IntStream.range(0, n).toArray(),
                Rows.tensor(DATA.answers()), s, 0.1, new Rng(4), plan);
    }

    private static float[] weights(AdapterTraining.Result r) {
        return Arrays.stream(ParameterSnapshot.of(r.adapter()).values()).map(t -> Tensors.toFloats(t.contiguous()))
                .reduce(new float[0], (a, b) -> {
                    float[] c = Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, c, a.length, b.length);
                    return c;
                });
    }

    @Test
    void aMixtureAdapterPausedAndResumedEndsAsAnUninterruptedOne(@TempDir Path dir) {
        AdapterTraining.Result whole = train(EpochCheckpoint.Plan.OFF);
        assertThat(whole.bestValidationMrr()).isGreaterThan(whole.rawValidationMrr());
        train(new EpochCheckpoint.Plan(dir, false, 2));
        assertThat(EpochCheckpoint.savedEpochs(dir)).isEqualTo(2);
        AdapterTraining.Result resumed = train(new EpochCheckpoint.Plan(dir, true, 0));
        assertThat(resumed.bestEpoch()).isEqualTo(whole.bestEpoch());
        assertThat(resumed.bestValidationMrr()).isEqualTo(whole.bestValidationMrr());
        assertThat(weights(resumed)).containsExactly(weights(whole));
    }
}
