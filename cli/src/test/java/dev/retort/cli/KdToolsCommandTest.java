package dev.retort.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.retort.cli.CliHonestyTest.retort;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code kd analyse-loss-scaling} and {@code kd demo} through the command line. */
class KdToolsCommandTest {
    static final String HEADER = "timestamp,epoch,step,mini_batch_idx,focal_loss_raw,focal_loss_weighted,semantic_loss_raw,semantic_loss_weighted,"
            + "total_loss_raw,total_loss_weighted,grad_norm_total,grad_norm_encoder,grad_norm_decoder,learning_rate,temperature,alpha,"
            + "effective_batch_size,memory_usage_mb,elapsed_time_seconds,focal_weight,semantic_weight";

    @Test
    void analyseLossScalingPrintsAndWritesTheAnalysisOfATrainingDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("step_metrics.csv"), HEADER + "\nt,1,1,0,1.0,0.5,0.02,0.05,1.02,0.55,1.5,1,1,1e-3,4,0.5,8,100,1,0.5,0.5\n");
        var r = retort("kd", "analyse-loss-scaling", "--training_dir", dir.toString());
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out()).contains("focal").contains("semantic").contains("--semantic-loss-scale 50");
        JsonNode json = Json.readTree(dir.resolve("loss_scaling_analysis.json"));
        assertThat(json.get("recommendedSemanticScale").asDouble()).isEqualTo(50.0);
        assertThat(json.get("semanticScale").asDouble()).isEqualTo(5.0);
    }

    @Test
    void analyseLossScalingNeedsOneSourceAndNamesAMissingLog(@TempDir Path dir) {
        assertThat(retort("kd", "analyse-loss-scaling").exit()).isEqualTo(2);
        var r = retort("kd", "analyze-loss-scaling", "--training-dir", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(dir.toString()).contains("step_metrics.csv");
    }

    @Test
    void demoPrintsTheFourSectionsWithTheirNumbers(@TempDir Path dir) {
        var r = retort("kd", "demo", "--data", Path.of("..", "data/assertions/course-format/distillation_data_sample.jsonl").toString(),
                "--output-dir", dir.toString(), "--quiet");
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("== Learning-rate warmup and linear decay").contains("== Gradient accumulation")
                .contains("== Multi-component loss with dynamic weights").contains("== Production configuration")
                .contains("learning rate 1.000e-03").doesNotContain("NOT SHOWN");
    }
}
