package dev.retort.elicit.claims;

import dev.retort.core.BadInputException;

import java.nio.file.Path;
import java.util.Locale;

/** The claim files {@link ClaimLoader} reads. */
public enum ClaimFormat {
    /** ICM JSON array: TruthfulQA {question, choice}, GSM8K {question, answer, cot}, comparisons {question, choice, choice_2}. */
    ICM,
    /** Generic JSONL {uid, prompt, label?, consistency_id?, consistency_key?}. */
    JSONL,
    /** DailyDilemmas CSV: dilemma.csv (do it / do not) or dilemmas_with_detail_by_action_*.csv (two actions). */
    DAILY_DILEMMAS,
    /** Moral Foundations Vignettes CSV (Scenario, …, Wrong). */
    MFV,
    /** ETHICS commonsense CSV {@code label,input,is_short,edited} (cm_*.csv). */
    ETHICS_COMMONSENSE,
    /** ETHICS deontology CSV {@code label,scenario,excuse}. */
    ETHICS_DEONTOLOGY,
    /** ETHICS justice CSV {@code label,scenario}. */
    ETHICS_JUSTICE,
    /** ETHICS virtue CSV {@code label,scenario} with "sentence [SEP] trait". */
    ETHICS_VIRTUE,
    /** ETHICS utilitarianism CSV, no header: more pleasant, less pleasant (util_*.csv). */
    ETHICS_UTILITARIANISM,
    /** MACHIAVELLI game_data/annotations_clean/&lt;game&gt;.json with its scenarios/&lt;game&gt;_scenarios_bfs_filled.json. */
    MACHIAVELLI;

    static final String NAMES = "icm, jsonl, dailydilemmas, mfv, ethics-commonsense, ethics-deontology, ethics-justice, "
            + "ethics-virtue, ethics-utilitarianism or machiavelli";

    public static ClaimFormat parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "icm", "json" -> ICM;
            case "jsonl" -> JSONL;
            case "dailydilemmas", "daily_dilemmas", "dilemmas" -> DAILY_DILEMMAS;
            case "mfv", "vignettes" -> MFV;
            case "ethics_commonsense", "ethics_cm" -> ETHICS_COMMONSENSE;
            case "ethics_deontology" -> ETHICS_DEONTOLOGY;
            case "ethics_justice" -> ETHICS_JUSTICE;
            case "ethics_virtue" -> ETHICS_VIRTUE;
            case "ethics_utilitarianism", "ethics_util" -> ETHICS_UTILITARIANISM;
            case "machiavelli" -> MACHIAVELLI;
            default -> throw new BadInputException("unknown claim format '" + name + "'; use " + NAMES);
        };
    }

    /**
     * Guess from the file name: *.jsonl(.gz) → JSONL; *.json in a folder named annotations_clean → MACHIAVELLI,
     * other *.json → ICM; the ETHICS file names (cm_*, deontology_*, justice_*, virtue_*, util_*.csv) → that subset;
     * vignettes*.csv → MFV; other *.csv → DailyDilemmas.
     */
    public static ClaimFormat detect(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Path parent = file.toAbsolutePath().getParent();
        if (n.endsWith(".jsonl") || n.endsWith(".jsonl.gz")) return JSONL;
        if (n.endsWith(".json")) return parent != null && parent.getFileName() != null
                && parent.getFileName().toString().equals("annotations_clean") ? MACHIAVELLI : ICM;
        if (n.endsWith(".csv")) {
            if (n.startsWith("cm_")) return ETHICS_COMMONSENSE;
            if (n.startsWith("deontology_")) return ETHICS_DEONTOLOGY;
            if (n.startsWith("justice_")) return ETHICS_JUSTICE;
            if (n.startsWith("virtue_")) return ETHICS_VIRTUE;
            if (n.startsWith("util_")) return ETHICS_UTILITARIANISM;
            return n.contains("vignette") || n.contains("mfv") ? MFV : DAILY_DILEMMAS;
        }
        throw new BadInputException(file + ": cannot tell the claim format from the name; pass --format (" + NAMES + ")");
    }
}
