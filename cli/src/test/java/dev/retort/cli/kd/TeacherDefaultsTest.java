package dev.retort.cli.kd;

import dev.retort.kd.teacher.TeacherTrainer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** train-teacher takes every default from TeacherTrainer.Options.defaults(), and its help shows those values. */
class TeacherDefaultsTest {
    @Test
    void optionsLeftOutHaveTheJavaApisDefaults() {
        TrainTeacherCommand c = new TrainTeacherCommand();
        new CommandLine(c).parseArgs("--train", "t.jsonl", "--valid", "v.jsonl");
        var d = TeacherTrainer.Options.defaults();
        assertThat(c.preset).isEqualTo(d.model().preset());
        assertThat(c.vocabSize).isEqualTo(d.model().vocabSize());
        assertThat(c.maxInputLen).isEqualTo(d.input().maxInputLen());
        assertThat(c.maxOutputLen).isEqualTo(d.input().maxOutputLen());
        assertThat(c.dropout).isEqualTo(d.model().dropout());
        assertThat(c.retrieval).isEqualTo(d.input().retrieval());
        assertThat(c.abstractIdentifiers).isEqualTo(d.input().identifiers());
        assertThat(c.focalSignatures).isEqualTo(d.input().focalSignatures());
        assertThat(c.epochs).isEqualTo(d.schedule().epochs());
        assertThat(c.batchSize).isEqualTo(d.schedule().batchSize());
        assertThat(c.gradAccum).isEqualTo(d.schedule().gradAccum());
        assertThat(c.lr).isEqualTo(d.schedule().lr());
        assertThat(c.warmupSteps).isEqualTo(d.schedule().warmupSteps());
        assertThat(c.maxSteps).isEqualTo(d.schedule().maxSteps());
        assertThat(c.evalEvery).isEqualTo(d.schedule().evalEvery());
        assertThat(c.stopAfter).isEqualTo(d.schedule().stopAfter());
        assertThat(c.weightDecay).isEqualTo(d.weightDecay().rate());
        assertThat(c.decayMatricesOnly).isEqualTo(d.weightDecay().matricesOnly());
        assertThat(c.labelSmoothing).isEqualTo(d.labelSmoothing());
        assertThat(c.evalExamples).isEqualTo(d.evalExamples());
        assertThat(c.finalExamples).isEqualTo(d.finalExamples());
        assertThat(c.keep).isEqualTo("best");
        assertThat(c.workers).isEqualTo(d.workers());
    }

    @Test
    void helpShowsTheDefaults() {
        StringWriter help = new StringWriter();
        new CommandLine(new TrainTeacherCommand()).usage(new PrintWriter(help));
        var d = TeacherTrainer.Options.defaults();
        assertThat(help.toString()).contains("(default: " + d.schedule().epochs() + ")").contains("(default: " + d.model().preset() + ")")
                .contains("(default: best)").doesNotContain("${DEFAULT-VALUE}").doesNotContain("(default: null)");
    }
}
