package dev.retort.core.train;

import dev.retort.core.Engine;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StepLoopTest {
    /** Every call the loop makes, with the random draw each step sees. */
    static final class Trace implements StepLoop.Body {
        final List<String> calls = new ArrayList<>();
        int epochInPlay = -1;

        @Override
        public void epochStart(int epoch) {
            epochInPlay = epoch;
            calls.add("start " + epoch);
        }

        @Override
        public double step(long step, int epoch, int index) {
            assertThat(epoch).as("epochStart came first for this epoch").isEqualTo(epochInPlay);
            double draw;
            try (var scope = Engine.step()) {
                draw = torch.rand(1).item_double();
            }
            calls.add("step " + step + " " + epoch + "/" + index + " " + draw);
            return draw;
        }

        @Override
        public void afterStep(long stepsDone) {
            calls.add("after " + stepsDone);
        }

        @Override
        public void epochEnd(int epoch, long stepsDone) {
            calls.add("end " + epoch + " " + stepsDone);
        }
    }

    /** A run split at any step makes the calls of an uninterrupted one, each step seeing the same draw. */
    @Property(tries = 40)
    void aRunSplitAnywhereRepeatsTheUninterruptedOne(@ForAll @IntRange(min = 1, max = 5) int stepsPerEpoch,
                                                     @ForAll @IntRange(min = 1, max = 12) int total,
                                                     @ForAll @IntRange(min = 0, max = 12) int splitAt) {
        int split = Math.min(splitAt, total);
        StepLoop loop = new StepLoop("test", total, stepsPerEpoch);
        Trace whole = new Trace();
        assertThat(loop.run(0, total, whole)).isEqualTo(total);
        Trace first = new Trace(), second = new Trace();
        assertThat(loop.run(0, split, first)).isEqualTo(split);
        assertThat(loop.run(split, total, second)).isEqualTo(total);
        List<String> joined = new ArrayList<>(first.calls);
        // the resumed half announces the epoch it starts in again, even mid-epoch; nothing else differs
        List<String> resumed = new ArrayList<>(second.calls);
        if (split < total && split % stepsPerEpoch != 0) resumed.remove("start " + split / stepsPerEpoch);
        joined.addAll(resumed);
        assertThat(joined).isEqualTo(whole.calls);
        long epochs = (total + stepsPerEpoch - 1) / stepsPerEpoch;
        assertThat(whole.calls.stream().filter(c -> c.startsWith("end ")).count()).as("the last epoch ends at the schedule's end").isEqualTo(epochs);
        assertThat(whole.calls.get(whole.calls.size() - 1)).isEqualTo("end " + (epochs - 1) + " " + total);
    }
}
