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
        CollectOptions smaller = new CollectOptions(10, 2, 6, 30, 0.25, 0.5, true, false, 20, 0);
        assertThatThrownBy(() -> CollectPlan.of(42, "openai", "llama", "minilm", claims, smaller).checkResume(dir, false))
                .hasMessageContaining("budgetPerGroup: 60 → 30");
        Files.writeString(claims, "{\"uid\":\"a\",\"prompt\":\"changed\"}\n");
        CollectPlan edited = CollectPlan.of(42, "openai", "llama", "minilm", claims, OPTIONS);
        assertThatThrownBy(() -> edited.checkResume(dir, false)).hasMessageContaining("claimsSha256");
        assertThatCode(() -> edited.checkResume(dir, true)).doesNotThrowAnyException();
        edited.recordIn(dir);                                                  // a forced resume keeps the original plan
        assertThatThrownBy(() -> edited.checkResume(dir, false)).hasMessageContaining("claimsSha256");
        // options that do not change the questions asked are not part of the plan
        CollectOptions sequential = new CollectOptions(10, 2, 6, 60, 0.25, 0.5, true, true, 0, 0);
        Files.writeString(claims, "{\"uid\":\"a\",\"prompt\":\"p\"}\n");
        assertThatCode(() -> CollectPlan.of(42, "openai", "llama", "minilm", claims, sequential).checkResume(dir, false)).doesNotThrowAnyException();
        assertThat(Files.readString(dir.resolve(CollectPlan.FILE))).doesNotContain("sequential");
    }
}
