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
    MFV;

    public static ClaimFormat parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "icm", "json" -> ICM;
            case "jsonl" -> JSONL;
            case "dailydilemmas", "daily_dilemmas", "dilemmas" -> DAILY_DILEMMAS;
            case "mfv", "vignettes" -> MFV;
            default -> throw new BadInputException("unknown claim format '" + name + "'; use icm, jsonl, dailydilemmas or mfv");
        };
    }

    /** Guess from the file name: *.jsonl(.gz) → JSONL, *.json → ICM, vignettes*.csv → MFV, other *.csv → DailyDilemmas. */
    public static ClaimFormat detect(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".jsonl") || n.endsWith(".jsonl.gz")) return JSONL;
        if (n.endsWith(".json")) return ICM;
        if (n.endsWith(".csv")) return n.contains("vignette") || n.contains("mfv") ? MFV : DAILY_DILEMMAS;
        throw new BadInputException(file + ": cannot tell the claim format from the name; pass --format icm|jsonl|dailydilemmas|mfv");
    }
}
