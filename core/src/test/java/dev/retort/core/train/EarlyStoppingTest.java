package dev.retort.core.train;

import dev.retort.core.Engine;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.NoGradGuard;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EarlyStoppingTest {

    private static float[] weight(LinearImpl layer) {
        return Tensors.toFloats(layer.weight().contiguous());
    }

    private static void set(LinearImpl layer, float value) {
        try (var noGrad = new NoGradGuard()) {
            layer.weight().fill_(new org.bytedeco.pytorch.Scalar(value));
        }
    }

    @Test
    void restoresTheParametersOfTheBestEpochAndStopsAfterPatienceEpochsWithoutImprovement() {
        Engine.get();
        LinearImpl layer = new LinearImpl(2, 2);
        EarlyStopping stopping = new EarlyStopping(layer, EarlyStopping.Goal.MINIMIZE, Double.POSITIVE_INFINITY, 2);
        double[] losses = {0.9, 0.5, 0.6, 0.5, 0.7};   // epoch 2 is best; 0.5 again at epoch 4 is no strict improvement
        boolean[] goOn = new boolean[losses.length];
        for (int e = 0; e < losses.length; e++) {
            set(layer, e + 1);                             // the "parameters after epoch e+1" are all e+1
            goOn[e] = stopping.record(e + 1, losses[e]);
        }
        assertThat(goOn).containsExactly(true, true, true, false, false);
        assertThat(stopping.bestEpoch()).isEqualTo(2);
        assertThat(stopping.best()).isEqualTo(0.5);
        stopping.restoreBest();
        assertThat(weight(layer)).containsOnly(2f);
    }

    @Test
    void aMetricToRaiseThatNeverBeatsItsStartKeepsTheStartingParameters() {
        Engine.get();
        LinearImpl layer = new LinearImpl(2, 2);
        set(layer, 7);
        EarlyStopping stopping = new EarlyStopping(layer, EarlyStopping.Goal.MAXIMIZE, 0.4, 3);
        set(layer, 1);
        assertThat(stopping.record(1, 0.3)).isTrue();
        set(layer, 2);
        assertThat(stopping.record(2, 0.4)).isTrue();
        assertThat(stopping.bestEpoch()).isZero();
        stopping.restoreBest();
        assertThat(weight(layer)).containsOnly(7f);
    }

    @Test
    void patienceBelowOneIsRefused() {
        Engine.get();
        assertThatThrownBy(() -> new EarlyStopping(new LinearImpl(1, 1), EarlyStopping.Goal.MINIMIZE, 1, 0))
                .hasMessageContaining("--patience must be at least 1");
    }
}
