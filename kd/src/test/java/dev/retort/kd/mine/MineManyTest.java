package dev.retort.kd.mine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retort.core.BadInputException;
import dev.retort.core.io.BadRecords;
import dev.retort.kd.data.AssertionDataset;
import dev.retort.kd.data.AssertionExample;
import dev.retort.kd.data.AssertionTask;
import dev.retort.kd.data.SplitSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mining several artifacts: cross-artifact dedup, per-artifact failures, the artifact list, the split fallback, focal names. */
class MineManyTest {
    static final Path ROOT = Path.of("src/test/resources");
    static final AssertionMiner.Corpus SAMPLE = new AssertionMiner.Corpus("sample", ROOT.resolve("mine/src"), ROOT.resolve("mine/test"));
    static final AssertionMiner.Corpus COPY = new AssertionMiner.Corpus("copy", ROOT.resolve("mine-copy/src"), ROOT.resolve("mine-copy/test"));
    static final AssertionMiner.Options OPTIONS = new AssertionMiner.Options(1, 120, AssertionTask.ASSERTION, SplitSetting.IN_PROJECT);

    static List<AssertionExample> readAll(Path out) {
        List<AssertionExample> all = new ArrayList<>();
        for (String split : List.of("train", "valid", "test")) all.addAll(AssertionDataset.read(out.resolve(split + ".jsonl"), BadRecords.failFast()));
        return all;
    }

    @Test
    void aTestCopiedIntoALaterArtifactIsKeptOnceAndCountedThere(@TempDir Path alone, @TempDir Path out) {
        int sampleAlone = AssertionMiner.mine(List.of(SAMPLE), OPTIONS, alone).get("examples").asInt();
        JsonNode report = AssertionMiner.mine(List.of(SAMPLE, COPY), OPTIONS, out);

        List<AssertionExample> all = readAll(out);
        Set<String> keys = new HashSet<>();
        for (AssertionExample e : all) assertThat(keys.add(CrossArtifactDedup.key(e))).as("one copy of %s", e.id()).isTrue();
        assertThat(all).filteredOn(e -> e.artifact().equals("copy")).extracting(AssertionExample::id)
                .containsExactly("copy:org.copy.CalculatorTest#testSubtract@1");
        assertThat(all).filteredOn(e -> e.artifact().equals("sample")).hasSize(sampleAlone)
                .extracting(AssertionExample::id).contains("sample:org.example.CalculatorTest#testAdd@1", "sample:org.example.CalculatorTest#testAdd@2");
        assertThat(report.get("examples").asInt()).isEqualTo(sampleAlone + 1).isEqualTo(all.size());
        assertThat(report.at("/artifacts/sample/duplicates_dropped").asInt()).isZero();
        assertThat(report.at("/artifacts/sample/examples").asInt()).isEqualTo(sampleAlone);
        assertThat(report.at("/artifacts/copy/duplicates_dropped").asInt()).as("testAdd's two assertions").isEqualTo(2);
        assertThat(report.at("/artifacts/copy/examples").asInt()).isEqualTo(1);
        assertThat(report.at("/artifacts/copy/status").asText()).isEqualTo("mined");
        assertThat(report.get("cross_artifact_duplicates_dropped").asInt()).isEqualTo(2);
        assertThat(report.get("failures")).isEmpty();
    }

    @Test
    void aTrainOnlyArtifactAddsItsNewExamplesToTrainAndLeavesValidAndTestToTheOthers(@TempDir Path alone, @TempDir Path out) {
        AssertionMiner.mine(List.of(SAMPLE), OPTIONS, alone);
        JsonNode report = AssertionMiner.mine(List.of(SAMPLE, COPY), OPTIONS, out, Set.of("copy"));

        for (String split : List.of("valid", "test")) {
            assertThat(AssertionDataset.read(out.resolve(split + ".jsonl"), BadRecords.failFast())).as(split)
                    .isEqualTo(AssertionDataset.read(alone.resolve(split + ".jsonl"), BadRecords.failFast()));
        }
        List<AssertionExample> train = AssertionDataset.read(out.resolve("train.jsonl"), BadRecords.failFast());
        assertThat(train).filteredOn(e -> e.artifact().equals("copy")).extracting(AssertionExample::id)
                .as("copy's testSubtract, its duplicates of sample dropped").containsExactly("copy:org.copy.CalculatorTest#testSubtract@1");
        assertThat(train).filteredOn(e -> e.artifact().equals("copy")).extracting(AssertionExample::splitGroup)
                .as("the group retrieval excludes, as for any in-project example").containsExactly("copy/copy:org.copy.CalculatorTest#testSubtract");
        assertThat(train).filteredOn(e -> e.artifact().equals("sample"))
                .isEqualTo(AssertionDataset.read(alone.resolve("train.jsonl"), BadRecords.failFast()));
        assertThat(report.at("/artifacts/copy/train_only").asBoolean()).isTrue();
        assertThat(report.at("/artifacts/sample/train_only").isMissingNode()).isTrue();
        assertThat(report.get("train_only_artifacts")).hasSize(1);
        assertThat(report.at("/splits/train/examples").asInt()).isEqualTo(train.size());
    }

    @Test
    void anArtifactMinedForEvaluationCannotAlsoBeTrainOnly() {
        assertThatThrownBy(() -> MiningSources.trainOnly(List.of("sample"), List.of(SAMPLE)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("sample is both mined for evaluation and listed for training only");
        assertThatThrownBy(() -> MiningSources.trainOnly(List.of("copy"), List.of())).isInstanceOf(BadInputException.class);
        assertThat(MiningSources.trainOnly(List.of("copy", "copy"), List.of(SAMPLE))).containsExactly("copy");
    }

    @Test
    void anArtifactThatFailsIsRecordedAndTheOthersAreMined(@TempDir Path out) {
        var missing = new AssertionMiner.Corpus("missing", ROOT.resolve("no-such/src"), ROOT.resolve("no-such/test"));
        AssertionMiner.Source unresolvable = AssertionMiner.Corpus.tryResolve("not-coordinates", new ArtifactSources());
        assertThat(unresolvable).isInstanceOf(AssertionMiner.Unresolved.class);

        JsonNode report = AssertionMiner.mine(List.of(SAMPLE, missing, unresolvable, COPY), OPTIONS, out);

        assertThat(report.at("/artifacts/missing/status").asText()).isEqualTo("failed");
        assertThat(report.at("/artifacts/missing/error").asText()).contains("no-such").contains("no such folder or jar");
        assertThat(report.at("/artifacts/not-coordinates/error").asText()).contains("expected groupId:artifactId:version");
        assertThat(report.get("failures")).hasSize(2);
        assertThat(report.at("/failures/0/artifact").asText()).isEqualTo("missing");
        assertThat(report.at("/artifacts/sample/status").asText()).isEqualTo("mined");
        assertThat(report.at("/artifacts/copy/examples").asInt()).isEqualTo(1);
        assertThat(readAll(out)).extracting(AssertionExample::artifact).containsOnly("sample", "copy");
    }

    @Test
    void itIsFatalOnlyWhenNoArtifactYieldsExamples(@TempDir Path out) {
        var missing = new AssertionMiner.Corpus("missing", ROOT.resolve("no-such/src"), ROOT.resolve("no-such/test"));
        assertThatThrownBy(() -> AssertionMiner.mine(List.of(missing), OPTIONS, out))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no such folder or jar");
        AssertionMiner.Source unresolvable = AssertionMiner.Corpus.tryResolve("not-coordinates", new ArtifactSources());
        assertThatThrownBy(() -> AssertionMiner.mine(List.of(missing, unresolvable), OPTIONS, out))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no examples mined").hasMessageContaining("missing (")
                .hasMessageContaining("not-coordinates (");
        assertThat(out.resolve("mine_report.json")).exists();
    }

    @Test
    void theArtifactListSkipsCommentsAndNamesTheMalformedLine(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.txt"), "# commons\n\norg.apache.commons:commons-lang3:3.17.0  # the first\n  a.b:c:1.0\n");
        assertThat(ArtifactList.read(good)).containsExactly("org.apache.commons:commons-lang3:3.17.0", "a.b:c:1.0");

        Path bad = Files.writeString(dir.resolve("bad.txt"), "# commons\norg.apache.commons:commons-lang3:3.17.0\n\norg.apache.commons commons-text 1.12.0\n");
        assertThatThrownBy(() -> ArtifactList.read(bad)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(bad + ":4:").hasMessageContaining("'org.apache.commons commons-text 1.12.0'")
                .satisfies(e -> assertThat(((BadInputException) e).exitCode()).isEqualTo(2));
        Path empty = Files.writeString(dir.resolve("empty.txt"), "# nothing\n");
        assertThatThrownBy(() -> ArtifactList.read(empty)).isInstanceOf(BadInputException.class).hasMessageContaining("no artifacts");
    }

    @Test
    void aClassSplitThatLeavesASplitEmptyFallsBackToTestMethods(@TempDir Path out) {
        // sample: two test classes with examples, so a split by class can fill at most two of the three splits
        JsonNode report = AssertionMiner.mine(List.of(SAMPLE), new AssertionMiner.Options(1, 120, AssertionTask.ASSERTION, SplitSetting.NEW_CLASS), out);

        assertThat(report.at("/split_fallback/from").asText()).isEqualTo("new-class");
        assertThat(report.at("/split_fallback/reason").asText()).contains("empty").contains("4 test methods");
        assertThat(report.at("/splits/setting").asText()).isEqualTo("in-project");
        for (String split : List.of("train", "valid", "test")) {
            assertThat(report.at("/splits/" + split + "/examples").asInt()).as(split).isPositive();
            assertThat(AssertionDataset.read(out.resolve(split + ".jsonl"), BadRecords.failFast())).as(split).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.splitGroup()).isEqualTo("sample/" + e.methodId()));
        }
        Map<String, String> splitOfMethod = new HashMap<>();
        for (String split : List.of("train", "valid", "test"))
            for (AssertionExample e : AssertionDataset.read(out.resolve(split + ".jsonl"), BadRecords.failFast()))
                assertThat(splitOfMethod.putIfAbsent(e.methodId(), split)).as(e.methodId()).isIn(null, split);
    }

    @Test
    void theRankFallbackFillsEverySplitFromThreeGroups() {
        List<AssertionExample> examples = new ArrayList<>();
        for (int m = 0; m < 3; m++)
            examples.add(new AssertionExample("m" + m, "int f() {}", "void t" + m + "() {}", List.of("assertTrue(x" + m + ");"), "art", "p.T", "p.F", null, "m" + m, null));
        Map<String, List<AssertionExample>> bySplit = Split.byRank(7).assign(examples);
        assertThat(bySplit.values()).allSatisfy(list -> assertThat(list).hasSize(1));
        assertThat(Split.byRank(7).assign(examples)).isEqualTo(bySplit);
    }

    @Test
    void aWithTestMatchesTheWitherNotTheGetterTheAssertionCalls(@TempDir Path out) {
        var csv = new AssertionMiner.Corpus("csv", ROOT.resolve("mine-focal/src"), ROOT.resolve("mine-focal/test"));
        JsonNode report = AssertionMiner.mine(List.of(csv), new AssertionMiner.Options(1, 400, AssertionTask.METHOD, SplitSetting.IN_PROJECT), out);
        Map<String, String> focalOf = new HashMap<>();
        for (AssertionExample e : readAll(out)) focalOf.put(e.methodId().substring(e.methodId().indexOf('#') + 1), e.focalMethod().lines().findFirst().orElseThrow());
        assertThat(focalOf).containsEntry("testWithQuoteMode", "public CSVFormat withQuoteMode(QuoteMode quoteMode) {")
                .containsEntry("testWithQuotePolicy", "public CSVFormat withQuoteMode(QuoteMode quoteMode) {")
                .containsEntry("testGetRecordSeparator", "public String getRecordSeparator() {");
        assertThat(report.at("/totals/matched_by_partial_name").asInt()).isEqualTo(1);
        assertThat(FocalMatcher.words("testWithQuoteMode_null2")).containsExactly("test", "with", "quote", "mode", "null");
    }
}
