package dev.retort.cli.kd;

import dev.retort.kd.distill.DistillOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** kd distill takes every default from DistillOptions.defaults(), and its help shows those values. */
class DistillDefaultsTest {
    @Test
    void optionsLeftOutHaveTheJavaApisDefaults() {
        DistillCommand c = new DistillCommand();
        new CommandLine(c).parseArgs("--train-data-path", "t.jsonl");
        var d = DistillOptions.defaults();
        var expected = d.withData(d.data().withPaths(Path.of("t.jsonl"), null));
        assertThat(c.options()).isEqualTo(expected);
    }

    @Test
    void theOriginalsSnakeCaseNamesGetTheSameDefaults() {
        DistillCommand c = new DistillCommand();
        new CommandLine(c).parseArgs("--train_data_path", "t.jsonl", "--learning_rate", "2e-3");
        assertThat(c.options().optimizer().lr()).isEqualTo(2e-3);
        assertThat(c.options().training()).isEqualTo(DistillOptions.defaults().training());
    }

    @Test
    void helpShowsTheDefaults() {
        StringWriter help = new StringWriter();
        new CommandLine(new DistillCommand()).usage(new PrintWriter(help));
        var d = DistillOptions.defaults();
        assertThat(help.toString()).contains("(default: " + d.training().epochs() + ")").contains("(default: " + d.loss().lossFunction() + ")")
                .contains("(default: " + d.optimizer().lr() + ")").doesNotContain("${DEFAULT-VALUE}").doesNotContain("(default: null)");
    }
}
