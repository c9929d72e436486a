package dev.retort.elicit.collect;

import dev.retort.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollectPlanTest {
    private static final CollectOptions OPTIONS = CollectOptions.defaults();

    @Test
    void resumeRefusesAChangedSeedModelClaimsFileOrBudgetUnlessForced(@TempDir Path dir) throws Exception {
        Path claims = Files.writeString(dir.resolve("claims.jsonl"), "{\"uid\":\"a\",\"prompt\":\"p\"}\n");
        CollectPlan plan = CollectPlan.of(42, "openai", "llama", "minilm", claims, OPTIONS);
        assertThatCode(() -> plan.checkResume(dir, false)).as("no plan.json yet").doesNotThrowAnyException();
        plan.recordIn(dir);
        assertThatCode(() -> plan.checkResume(dir, false)).doesNotThrowAnyException();
        assertThatCode(() -> CollectPlan.of(42, "openai", "llama", "minilm", claims, OPTIONS).checkResume(dir, false)).doesNotThrowAnyException();

        assertThatThrownBy(() -> CollectPlan.of(7, "openai", "llama", "minilm", claims, OPTIONS).checkResume(dir, false))
                .isInstanceOf(BadInputException.class).hasMessageContaining("seed: 42 → 7").hasMessageContaining("--force");
        assertThatThrownBy(() -> CollectPlan.of(42, "openai", "qwen", "minilm", claims, OPTIONS).checkResume(dir, false))
                .hasMessageContaining("model: \"llama\" → \"qwen\"");
        CollectOptions smaller = new CollectOptions(10, 2, 6, 30, 0.25, 0.5, true, false, 20, 0, 0, CollectOptions.Adaptive.NEAREST_HALF);
        assertThatThrownBy(() -> CollectPlan.of(42, "openai", "llama", "minilm", claims, smaller).checkResume(dir, false))
                .hasMessageContaining("budgetPerGroup: 60 → 30");
        Files.writeString(claims, "{\"uid\":\"a\",\"prompt\":\"changed\"}\n");
        CollectPlan edited = CollectPlan.of(42, "openai", "llama", "minilm", claims, OPTIONS);
        assertThatThrownBy(() -> edited.checkResume(dir, false)).hasMessageContaining("claimsSha256");
        assertThatCode(() -> edited.checkResume(dir, true)).doesNotThrowAnyException();
        edited.recordIn(dir);                                                  // a forced resume keeps the original plan
        assertThatThrownBy(() -> edited.checkResume(dir, false)).hasMessageContaining("claimsSha256");
        // options that do not change the questions asked are not part of the plan
        CollectOptions sequential = new CollectOptions(10, 2, 6, 60, 0.25, 0.5, true, true, 0, 0, 0, CollectOptions.Adaptive.NEAREST_HALF);
        Files.writeString(claims, "{\"uid\":\"a\",\"prompt\":\"p\"}\n");
        assertThatCode(() -> CollectPlan.of(42, "openai", "llama", "minilm", claims, sequential).checkResume(dir, false)).doesNotThrowAnyException();
        assertThat(Files.readString(dir.resolve(CollectPlan.FILE))).doesNotContain("sequential");
    }

    /** A plan.json written before --regroup-budget and --adaptive-by existed reads as their defaults. */
    @Test
    void optionsAddedLaterReadAsTheirDefaultsFromAnOlderPlan(@TempDir Path dir) throws Exception {
        Path claims = Files.writeString(dir.resolve("claims.jsonl"), "{\"uid\":\"a\",\"prompt\":\"p\"}\n");
        CollectPlan plan = CollectPlan.of(42, "local", null, "minilm", claims, OPTIONS);
        plan.recordIn(dir);
        Path file = dir.resolve(CollectPlan.FILE);
        Files.writeString(file, Files.readString(file).replaceAll(",\\s*\"(regroupBudget|adaptiveBy|flipPairs)\"\\s*:\\s*[^,}]*", ""));
        assertThat(Files.readString(file)).doesNotContain("regroupBudget").doesNotContain("adaptiveBy");
        assertThatCode(() -> plan.checkResume(dir, false)).doesNotThrowAnyException();
        CollectOptions regroup = new CollectOptions(10, 2, 6, 60, 0.25, 0.5, true, false, 20, 0, 30, CollectOptions.Adaptive.UNCERTAINTY);
        assertThatThrownBy(() -> CollectPlan.of(42, "local", null, "minilm", claims, regroup).checkResume(dir, false))
                .hasMessageContaining("regroupBudget: absent → 30").hasMessageContaining("adaptiveBy: absent → \"UNCERTAINTY\"");
    }
}
