package dev.retort.cli.kd;

import dev.retort.core.BadInputException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The original pipeline's {@code --model_name} (a Hugging Face checkpoint the student was initialised from) mapped to
 * retort's model presets. retort cannot load those checkpoints: its student is its own seq2seq model trained from
 * scratch, so the name only picks the preset closest in role (the smaller CodeT5s → student, the larger → teacher).
 */
final class HubModelNames {
    private static final Map<String, String> PRESETS = new LinkedHashMap<>();

    static {
        PRESETS.put("Salesforce/codet5-small", "student");
        PRESETS.put("Salesforce/codet5p-220m", "teacher");
        PRESETS.put("Salesforce/codet5-base", "teacher");
        PRESETS.put("Salesforce/codet5-large", "teacher");
        PRESETS.put("Salesforce/codet5p-770m", "teacher");
    }

    private HubModelNames() {
    }

    /** The preset for a known name; an unknown one is refused (exit 2) with the names and --student-size. */
    static String preset(String modelName) {
        String preset = PRESETS.get(modelName);
        if (preset == null) {
            throw new BadInputException("--model_name " + modelName + ": retort cannot load Hugging Face checkpoints and knows "
                    + "no preset for this one; choose the student's shape with --student-size tiny|small|student|teacher "
                    + "(known names: " + PRESETS + ")");
        }
        return preset;
    }

    /** What the mapping means, for the user. */
    static String explain(String modelName, String preset) {
        return "--model_name " + modelName + ": retort does not load Hugging Face checkpoints; the student is retort's own "
                + "seq2seq model trained from scratch with the '" + preset + "' preset (--student-size " + preset + ")";
    }
}
