package dev.retort.core.train;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.Rng;
import dev.retort.core.tensor.Tensors;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EpochCheckpointTest {
    private static final int EPOCHS = 12;

    /** What a run ends with: its weights, its validation curve and its early-stopping record. */
    private record Outcome(float[] weights, double[] validation, EarlyStopping.State stopping, float[] best) {
    }

    /** A regression on fixed data with dropout (so the generator state matters), early stopping and a validation curve. */
    private static Outcome train(EpochCheckpoint.Plan plan, double lr, int failAtEpoch) {
        Engine.get().reseed(5);
        Tensor x = torch.randn(40, 6), y = x.matmul(torch.randn(6, 1));
        LinearImpl model = new LinearImpl(6, 1);
        AdamW optimizer = AdamWOptimizers.create(model, lr, 0.01, DecayPolicy.matricesOnly());
        EarlyStopping stopping = new EarlyStopping(model, EarlyStopping.Goal.MINIMIZE, Double.POSITIVE_INFINITY, 2);
        double[] validation = new double[EPOCHS];
        Map<String, double[]> history = new LinkedHashMap<>();
        history.put("validation", validation);
        EpochCheckpoint checkpoint = new EpochCheckpoint(plan, model, optimizer, stopping, history,
                ResumeCheck.options(Map.of("lr", lr), List.of()));
        int[] epochNow = {checkpoint.epochsDone() + 1};
        new MinibatchEpochs(8, EPOCHS, "test").run(MinibatchEpochs.allRows(40), new Rng(3), rows -> {
            if (epochNow[0] == failAtEpoch) throw new IllegalStateException("killed");
            Tensor idx = Tensors.indices(rows);
            Tensor out = model.forward(torch.dropout(x.index_select(0, idx), 0.3, true));
            Tensor loss = out.sub(y.index_select(0, idx)).square().mean();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            return loss.item_double();
        }, (epoch, trainLoss) -> {
            epochNow[0] = epoch + 1;
            double val;
            try (var noGrad = new NoGradGuard()) {
                val = model.forward(x).sub(y).square().mean().item_double();
            }
            validation[epoch - 1] = val;
            return stopping.record(epoch, val);
        }, checkpoint);
        return new Outcome(Tensors.toFloats(model.weight().contiguous()), validation, stopping.state(),
                Tensors.toFloats(stopping.bestParameters().values()[0].contiguous()));
    }

    private static void assertSame(Outcome a, Outcome b) {
        assertThat(a.weights()).containsExactly(b.weights());
        assertThat(a.validation()).containsExactly(b.validation());
        assertThat(a.stopping()).isEqualTo(b.stopping());
        assertThat(a.best()).containsExactly(b.best());
    }

    @Test
    void aRunPausedTwiceAndResumedEndsBitForBitWhereAnUninterruptedOneDoes(@TempDir Path dir) {
        Outcome whole = train(EpochCheckpoint.Plan.OFF, 0.05, 0);
        assertThat(Arrays.stream(whole.validation()).filter(v -> v > 0).count()).isEqualTo(EPOCHS);
        Path run = dir.resolve("run");
        train(new EpochCheckpoint.Plan(run, false, 2), 0.05, 0);
        assertThat(EpochCheckpoint.savedEpochs(run)).isEqualTo(2);
        train(new EpochCheckpoint.Plan(run, true, 5), 0.05, 0);
        assertThat(EpochCheckpoint.savedEpochs(run)).isEqualTo(5);
        assertSame(train(new EpochCheckpoint.Plan(run, true, 0), 0.05, 0), whole);
        assertSame(train(new EpochCheckpoint.Plan(run, true, 0), 0.05, 0), whole);    // a finished run resumes to itself
    }

    @Test
    void aRunKilledMidEpochResumesFromItsLastWholeEpoch(@TempDir Path dir) {
        Outcome whole = train(EpochCheckpoint.Plan.OFF, 0.05, 0);
        Path run = dir.resolve("run");
        assertThatThrownBy(() -> train(new EpochCheckpoint.Plan(run, false, 0), 0.05, 4)).hasMessage("killed");
        assertThat(EpochCheckpoint.savedEpochs(run)).isEqualTo(3);
        assertSame(train(new EpochCheckpoint.Plan(run, true, 0), 0.05, 0), whole);
    }

    @Test
    void earlyStoppingSurvivesAResumeAndAFinishedRunDoesNotTrainAgain(@TempDir Path dir) {
        Outcome whole = train(EpochCheckpoint.Plan.OFF, 3.0, 0);      // a rate this high diverges, so patience runs out
        int stoppedAt = (int) Arrays.stream(whole.validation()).filter(v -> v > 0).count();
        assertThat(stoppedAt).isLessThan(EPOCHS);
        Path run = dir.resolve("run");
        train(new EpochCheckpoint.Plan(run, false, 1), 3.0, 0);
        assertSame(train(new EpochCheckpoint.Plan(run, true, 0), 3.0, 0), whole);
        assertThat(EpochCheckpoint.savedEpochs(run)).isEqualTo(stoppedAt);
        assertSame(train(new EpochCheckpoint.Plan(run, true, 0), 3.0, 1), whole);     // would throw if it trained
    }

    @Test
    void resumingWithOtherOptionsIsRefusedNamingTheOption(@TempDir Path dir) {
        Path run = dir.resolve("run");
        train(new EpochCheckpoint.Plan(run, false, 2), 0.05, 0);
        assertThatThrownBy(() -> train(new EpochCheckpoint.Plan(run, true, 0), 0.01, 0))
                .isInstanceOf(BadInputException.class).hasMessageContaining("lr 0.05 → 0.01");
    }
}
