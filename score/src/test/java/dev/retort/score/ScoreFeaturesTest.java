package dev.retort.score;

import dev.retort.core.BadInputException;
import dev.retort.core.Engine;
import dev.retort.core.io.BadRecords;
import dev.retort.core.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** score features as a service: a top-k file in, features.csv (read back) and report.html out, bad records counted or fatal. */
class ScoreFeaturesTest {
    private static String item(String id, double pA, int label) {
        return """
                {"id": "%s", "text": "item %s", "quality": 0.5, "correct": %d, "primary": [{"a": %s, "b": %s}], \
                "secondary": [[{"a": %s}]], "evaluator": [{"yes": %s}]}""".formatted(id, id, label, Math.log(pA), Math.log(1 - pA),
                Math.log(pA), Math.log(pA));
    }

    private static ScoreFeatures.Options options(Path topk) {
        return new ScoreFeatures.Options(topk, null, List.of(), null, null, null, "text", "quality", "correct", null, "minilm", 1.0, Reduction.MEAN);
    }

    @Test
    void writesOneRowPerItemThatReadsBackWithItsLabelAndAReport(@TempDir Path dir) throws IOException {
        Engine.get();
        Path topk = dir.resolve("outputs.jsonl");
        Files.writeString(topk, String.join("\n", item("a", 0.9, 1), "{not json", item("b", 0.6, 0), item("c", 0.99, 1)) + "\n");
        var o = options(topk);
        RunDirectory run = RunDirectory.create("score-features", dir.resolve("run"), List.of("score", "features"), o.config(), o.inputs());
        BadRecords bad = BadRecords.skipAndCount();
        FeatureTable table = ScoreFeatures.run(o, run, bad, "retort score features --topk outputs.jsonl");
        assertThat(bad.skipped()).isEqualTo(1);
        assertThat(table.ids()).containsExactly("a", "b", "c");
        FeatureTable back = FeatureTable.read(run.file("features.csv"), table.names(), "label", BadRecords.failFast());
        assertThat(back.labels()).containsExactly(1.0, 0.0, 1.0);
        assertThat(back.column(0)).containsExactly(table.column(0), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(table.column(0)[2]).isGreaterThan(table.column(0)[1]);   // f1: a surer primary has the higher confidence
        assertThat(Files.readString(run.file("report.html"))).contains("Feature statistics", "AUROC");
    }

    @Test
    void aBadRecordIsFatalWithoutSkippingAndBothOrNeitherInputIsRefused(@TempDir Path dir) throws IOException {
        Engine.get();
        Path topk = dir.resolve("outputs.jsonl");
        Files.writeString(topk, item("a", 0.9, 1) + "\n{not json\n");
        var o = options(topk);
        RunDirectory run = RunDirectory.create("score-features", dir.resolve("run"), List.of(), o.config(), o.inputs());
        assertThatThrownBy(() -> ScoreFeatures.run(o, run, BadRecords.failFast(), "")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("outputs.jsonl").hasMessageContaining("2");
        assertThatThrownBy(() -> new ScoreFeatures.Options(null, null, List.of(), null, null, null, "text", "quality", null, null, "minilm", 1,
                Reduction.MEAN)).hasMessageContaining("exactly one of --topk");
    }
}
