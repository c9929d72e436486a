package dev.retort.cli.serve;

import dev.retort.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code retort serve} turns bad options into one error line and exit code 2 before it listens. */
class ServeCommandTest {
    record Run(int exit, String err) {
    }

    static Run retort(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, err.toString());
    }

    @Test
    void noModelIsAUsageError() {
        Run r = retort("serve", "--port", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("give at least one of --kd-model, --route-model, --score-model");
    }

    @Test
    void badDurationsLimitsAndModelsAreNamed(@TempDir Path dir) throws Exception {
        Path score = dir.resolve("model.json");
        Files.writeString(score, "{\"format\": \"something-else\"}");
        Run timeout = retort("serve", "--score-model", score.toString(), "--request-timeout", "soon");
        assertThat(timeout.exit()).isEqualTo(2);
        assertThat(timeout.err()).contains("--request-timeout: 'soon' is not a duration");
        Run concurrent = retort("serve", "--score-model", score.toString(), "--max-concurrent", "0");
        assertThat(concurrent.exit()).isEqualTo(2);
        assertThat(concurrent.err()).contains("--max-concurrent must be ≥ 1");
        Run model = retort("serve", "--score-model", score.toString(), "--port", "0");
        assertThat(model.exit()).isEqualTo(2);
        assertThat(model.err()).contains("not a retort score model");
        Run kd = retort("serve", "--kd-model", dir.resolve("missing").toString(), "--port", "0");
        assertThat(kd.exit()).isEqualTo(2);
        assertThat(kd.err()).contains("not a model directory");
    }
}
