package dev.retort.kd.data;

import dev.retort.core.BadInputException;

import java.util.Arrays;
import java.util.Locale;

/**
 * How mined examples are split into train / valid / test — the evaluation setting every report names.
 * {@code in-project}: by test method inside the artifact(s), as a developer meets the task (the project's other tests
 * exist); {@code new-class}: by top-level test class, so every test class of the test split is unseen.
 * (The third setting, a held-out artifact, is a separate mining run of an artifact never used for training.)
 */
public enum SplitSetting {
    IN_PROJECT("in-project"), NEW_CLASS("new-class");

    private final String label;

    SplitSetting(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static SplitSetting parse(String text) {
        return Arrays.stream(values()).filter(s -> s.label.equals(text.strip().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new BadInputException("unknown split '" + text + "': use in-project or new-class"));
    }
}
