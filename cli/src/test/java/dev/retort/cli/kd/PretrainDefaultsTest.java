package dev.retort.cli.kd;

import dev.retort.kd.pretrain.Pretrainer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** pretrain takes every default from Pretrainer.Options.defaults(). */
class PretrainDefaultsTest {
    @Test
    void optionsLeftOutHaveTheJavaApisDefaults() {
        PretrainCommand c = new PretrainCommand();
        new CommandLine(c).parseArgs("--artifacts", "list.txt");
        var d = Pretrainer.Options.defaults();
        assertThat(c.excludeArtifacts).isEqualTo(d.corpus().excludeArtifacts());
        assertThat(c.heldOutFraction).isEqualTo(d.corpus().heldOutFraction());
        assertThat(c.heldOutChunks).isEqualTo(d.corpus().heldOutChunks());
        assertThat(c.preset).isEqualTo(d.model().preset());
        assertThat(c.vocabSize).isEqualTo(d.model().vocabSize());
        assertThat(c.maxInputLen).isEqualTo(d.model().maxInputLen());
        assertThat(c.maxOutputLen).isEqualTo(d.model().maxOutputLen());
        assertThat(c.epochs).isEqualTo(d.schedule().epochs());
        assertThat(c.batchSize).isEqualTo(d.schedule().batchSize());
        assertThat(c.gradAccum).isEqualTo(d.schedule().gradAccum());
        assertThat(c.lr).isEqualTo(d.schedule().lr());
        assertThat(c.warmupSteps).isEqualTo(d.schedule().warmupSteps());
        assertThat(c.maxSteps).isEqualTo(d.schedule().maxSteps());
        assertThat(c.evalEvery).isEqualTo(d.schedule().evalEvery());
        assertThat(c.stopAfter).isEqualTo(d.schedule().stopAfter());
        assertThat(c.weightDecay).isEqualTo(d.weightDecay());
    }
}
