package dev.retort.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.retort.cli.CliHonestyTest.retort;
import static org.assertj.core.api.Assertions.assertThat;

/** The original pipeline's command lines: its options are accepted and say what they do here; empty inputs are named. */
class KdOriginalOptionsTest {

    @Test
    void modelNameNumWorkersAndPinMemoryAreAcceptedAndExplained(@TempDir Path dir) {
        Path missing = dir.resolve("distillation_data_training.jsonl");
        var r = retort("kd", "distill", "--train_data_path", missing.toString(), "--output_dir", dir.resolve("run").toString(),
                "--model_name", "Salesforce/codet5-small", "--num_workers", "4", "--pin_memory", "True", "--quiet");
        assertThat(r.err()).doesNotContain("Unknown option");
        assertThat(r.err()).contains("note: --model_name Salesforce/codet5-small: retort does not load Hugging Face checkpoints")
                .contains("'student' preset").contains("--num_workers has no effect").contains("--pin_memory has no effect");
        // the run itself stops at the missing data file, which is named
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(missing.toString());
    }

    @Test
    void anUnknownModelNameIsRefusedWithTheWayOut(@TempDir Path dir) {
        var r = retort("kd", "distill", "--train_data_path", dir.resolve("t.jsonl").toString(), "--model_name", "bigcode/starcoder",
                "--pin_memory", "--quiet");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("bigcode/starcoder").contains("--student-size");
    }

    @Test
    void teacherLogitsOnAnEmptyFileExits2NamingIt(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.jsonl"));
        Path out = dir.resolve("logits.jsonl");
        var r = retort("kd", "teacher-logits", "--teacher", dir.resolve("no-teacher").toString(), "--data", empty.toString(),
                "--out", out.toString(), "--quiet");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(empty.toString()).contains("no examples");
        assertThat(out).doesNotExist();
    }
}
