package dev.retort.kd.distill;

import dev.retort.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LossScalingAnalysisTest {
    @TempDir
    Path dir;

    /**
     * Two steps of focal, jsd, semantic in StepLog's columns. Weighted: focal .3/.1, jsd .5/.3, semantic (weight .2, β 5,
     * raw .01/.03) .01/.03; gradient norms 2 and 1.
     */
    Path log() throws Exception {
        List<String> components = List.of("focal", "jsd", "semantic");
        List<String> header = new ArrayList<>(List.of("timestamp", "epoch", "step", "mini_batch_idx"));
        for (String c : components) header.addAll(List.of(c + "_loss_raw", c + "_loss_weighted"));
        header.addAll(List.of("total_loss_raw", "total_loss_weighted", "grad_norm_total", "grad_norm_encoder", "grad_norm_decoder",
                "learning_rate", "temperature", "alpha", "effective_batch_size", "memory_usage_mb", "elapsed_time_seconds"));
        for (String c : components) header.add(c + "_weight");
        String row1 = "t,1,1,0, 0.75,0.3, 1.0,0.5, 0.01,0.01, 1.76,0.81, 2,1,1, 1e-3,4,0.5,8,100,1, 0.4,0.5,0.2";
        String row2 = "t,2,2,0, 0.25,0.1, 0.6,0.3, 0.03,0.03, 0.88,0.43, 1,1,1, 1e-3,4,0.5,8,100,2, 0.4,0.5,0.2";
        Path file = dir.resolve(LossScalingAnalysis.LOG);
        Files.writeString(file, String.join(",", header) + "\n" + row1.replace(" ", "") + "\n" + row2.replace(" ", "") + "\n");
        return file;
    }

    @Test
    void sharesOfLossAndGradientAndTheSemanticScale() throws Exception {
        var r = LossScalingAnalysis.analyse(LossScalingAnalysis.logOf(log().getParent()));
        assertThat(r.steps()).isEqualTo(2);
        var focal = r.components().get(0);
        var semantic = r.components().get(2);
        // weighted sums: focal .4, jsd .8, semantic .04 → total 1.24
        assertThat(focal.lossShare()).isCloseTo(0.4 / 1.24, within(1e-9));
        assertThat(semantic.lossShare()).isCloseTo(0.04 / 1.24, within(1e-9));
        // gradient: step 1 (norm 2) split .3/.5/.01 of .81, step 2 (norm 1) split .1/.3/.03 of .43
        double focalGrad = 2 * 0.3 / 0.81 + 0.1 / 0.43, total = 3;
        assertThat(focal.gradientShare()).isCloseTo(focalGrad / total, within(1e-9));
        assertThat(focal.lossShareByEpoch()).containsOnlyKeys(1, 2);
        assertThat(focal.lossShareByEpoch().get(2)).isCloseTo(0.1 / 0.43, within(1e-9));
        assertThat(r.semanticScale()).isCloseTo(5.0, within(1e-9));
        // others' mean weighted (.2 + .4) / 2 = .3; semantic without β: mean of .2 × .01 and .2 × .03 = .004 → β = 75
        assertThat(r.recommendedSemanticScale()).isCloseTo(75.0, within(1e-9));
        assertThat(r.recommendation()).contains("--semantic-loss-scale 75");
    }

    @Test
    void writesJsonAndSaysWhenBetaDoesNotApply() throws Exception {
        Path file = log();
        String noSemantic = Files.readString(file).replace("semantic", "ce");
        Files.writeString(file, noSemantic);
        var r = LossScalingAnalysis.analyse(file);
        assertThat(r.recommendedSemanticScale()).isNull();
        assertThat(r.recommendation()).contains("no semantic term");
        Path json = dir.resolve("out.json");
        r.write(json);
        assertThat(Files.readString(json)).contains("\"gradientShare\"").contains("\"lossShareByEpoch\"");
    }

    @Test
    void aFileThatIsNotAStepLogIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("x.csv"), "a,b\n1,2\n");
        assertThatThrownBy(() -> LossScalingAnalysis.analyse(file)).isInstanceOf(BadInputException.class).hasMessageContaining(file.toString());
        assertThatThrownBy(() -> LossScalingAnalysis.logOf(dir.resolve("nowhere"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("step_metrics.csv");
    }
}
