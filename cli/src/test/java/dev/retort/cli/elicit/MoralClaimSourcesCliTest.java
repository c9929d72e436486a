package dev.retort.cli.elicit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.retort.cli.elicit.ElicitReliabilityTest.retort;
import static org.assertj.core.api.Assertions.assertThat;

/** The moral claim sources chosen from the CLI: by file name or --format, bad rows exit 2 naming file, line and field. */
class MoralClaimSourcesCliTest {
    @Test
    void ethicsFileIsChosenByNameOrFormatAndABadRowExitsTwo(@TempDir Path dir) throws Exception {
        Path util = Files.writeString(dir.resolve("util_test.csv"), "A sunny day.,A rainy day.\nA warm meal.,A cold meal.\n");
        ElicitReliabilityTest.Run ok = retort("elicit", "collect", "--claims", util.toString(), "--embedder", "hashing",
                "--group-size", "4", "--budget", "2", "--context", "2", "--quiet", "--output-dir", dir.resolve("run").toString());
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(Files.readString(dir.resolve("run/claims.jsonl"))).contains("Scenario 1: A sunny day.\\nScenario 2: A rainy day.");

        Path renamed = Files.copy(util, dir.resolve("pleasant.csv"));    // the name says DailyDilemmas; --format says otherwise
        ElicitReliabilityTest.Run wrongGuess = retort("elicit", "collect", "--claims", renamed.toString(), "--embedder", "hashing",
                "--quiet", "--output-dir", dir.resolve("guess").toString());
        assertThat(wrongGuess.exit()).isEqualTo(2);
        ElicitReliabilityTest.Run named = retort("elicit", "collect", "--claims", renamed.toString(), "--format", "ethics-utilitarianism",
                "--embedder", "hashing", "--group-size", "4", "--budget", "2", "--context", "2", "--quiet", "--output-dir", dir.resolve("named").toString());
        assertThat(named.exit()).as(named.out() + named.err()).isZero();

        Path cm = Files.writeString(dir.resolve("cm_bad.csv"), "label,input,is_short,edited\n1,I lied.,True,False\n2,I lied again.,True,False\n");
        ElicitReliabilityTest.Run bad = retort("elicit", "collect", "--claims", cm.toString(), "--embedder", "hashing", "--quiet",
                "--output-dir", dir.resolve("bad").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains(cm + ":3").contains("field 'label'").doesNotContain("Exception");
    }
}
