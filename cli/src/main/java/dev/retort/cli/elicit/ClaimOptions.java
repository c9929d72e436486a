package dev.retort.cli.elicit;

import dev.retort.core.io.BadRecords;
import dev.retort.elicit.claims.ClaimFormat;
import dev.retort.elicit.claims.ClaimLoader;
import dev.retort.elicit.claims.ClaimSet;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --claims FILE [--format …] [--exactly-one]: the claims a command works on. */
public final class ClaimOptions {
    @Option(names = "--claims", required = true, paramLabel = "FILE",
            description = "Claims: ICM .json (TruthfulQA, GSM8K, Alpaca comparisons), generic .jsonl {uid, prompt, label?, consistency_id?, consistency_key?}, "
                    + "DailyDilemmas or MFV .csv, an ETHICS subset .csv (cm_*, deontology_*, justice_*, virtue_*, util_*), "
                    + "or a MACHIAVELLI game_data/annotations_clean/<game>.json (scene texts read from game_data/scenarios/).")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Claim file format: icm, jsonl, dailydilemmas, mfv, ethics-commonsense, "
            + "ethics-deontology, ethics-justice, ethics-virtue, ethics-utilitarianism, machiavelli (default: from the file name and folder).")
    String format;

    @Option(names = "--exactly-one", description = "Declare that each consistency group has exactly one true key (comparisons, pairs); comparison, dilemma files declare it themselves.")
    boolean exactlyOne;

    ClaimSet load(BadRecords bad) {
        ClaimFormat f = format == null ? ClaimFormat.detect(file) : ClaimFormat.parse(format);
        ClaimSet claims = ClaimLoader.load(file, f, bad);
        if (claims.size() == 0) throw new dev.retort.core.BadInputException(file + ": no claims read; check --format");
        return exactlyOne && !claims.exactlyOne() ? new ClaimSet(claims.claims(), true) : claims;
    }
}
