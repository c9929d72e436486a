package dev.retort.cli.kd;

import dev.retort.kd.evaluate.AnswerDecoding;
import dev.retort.kd.pipeline.PipelineOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** kd pipeline takes every default from PipelineOptions.defaults(), and its help shows those values. */
class PipelineDefaultsTest {
    @Test
    void optionsLeftOutHaveTheJavaApisDefaults() {
        PipelineCommand c = new PipelineCommand();
        new CommandLine(c).parseArgs();
        var d = PipelineOptions.defaults();
        var m = d.models();
        assertThat(c.teacherPreset).isEqualTo(m.teacherPreset());
        assertThat(c.studentSize).isEqualTo(m.studentSize());
        assertThat(c.vocabSize).isEqualTo(m.vocabSize());
        assertThat(c.maxInputLen).isEqualTo(m.maxInputLen());
        assertThat(c.maxOutputLen).isEqualTo(m.maxOutputLen());
        assertThat(c.dropout).isEqualTo(m.dropout());
        assertThat(c.copyFollow).isEqualTo(m.copyFollow()).isTrue();
        assertThat(c.batchSize).isEqualTo(d.training().batchSize());
        assertThat(c.workers).isEqualTo(d.training().workers());
        assertThat(c.teacherEpochs).isEqualTo(d.teacher().epochs());
        assertThat(c.teacherLr).isEqualTo(d.teacher().lr());
        var s = d.student();
        assertThat(c.distillEpochs).isEqualTo(s.epochs());
        assertThat(c.distillLr).isEqualTo(s.lr());
        assertThat(c.distillExamples).isEqualTo(s.examples());
        assertThat(c.alpha).isEqualTo(s.alpha());
        assertThat(c.temperature).isEqualTo(s.temperature());
        assertThat(c.lossFunction).isEqualTo(s.lossFunction());
        assertThat(c.topK).isEqualTo(s.topK());
        assertThat(c.testLimit).isEqualTo(d.evaluation().testLimit());
        assertThat(c.latencyExamples).isEqualTo(d.evaluation().latencyExamples());
        assertThat(AnswerDecoding.of(c.decode, 0)).isEqualTo(d.evaluation().decoding());
    }

    @Test
    void copyFollowCanBeTurnedOffAndOn() {
        PipelineCommand off = new PipelineCommand();
        new CommandLine(off).parseArgs("--no-copy-follow");
        assertThat(off.copyFollow).isFalse();
        PipelineCommand on = new PipelineCommand();
        new CommandLine(on).parseArgs("--copy-follow");
        assertThat(on.copyFollow).isTrue();
    }

    @Test
    void helpShowsTheDefaults() {
        StringWriter help = new StringWriter();
        new CommandLine(new PipelineCommand()).usage(new PrintWriter(help));
        var d = PipelineOptions.defaults();
        assertThat(help.toString()).contains("(default: " + d.student().examples()).contains("(default: " + d.models().teacherPreset() + ")")
                .doesNotContain("${DEFAULT-VALUE}").doesNotContain("(default: null)");
    }
}
