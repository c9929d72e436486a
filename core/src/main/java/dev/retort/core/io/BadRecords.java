package dev.retort.core.io;

import dev.retort.core.BadInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * What to do with a malformed record: stop with its message (the default), or — with
 * {@code --skip-bad-records} — count it, keep the first few messages for the report, and go on.
 */
public final class BadRecords {
    private static final int KEPT_MESSAGES = 10;

    private final boolean skip;
    private long skipped;
    private final List<String> examples = new ArrayList<>();

    private BadRecords(boolean skip) {
        this.skip = skip;
    }

    public static BadRecords failFast() {
        return new BadRecords(false);
    }

    public static BadRecords skipAndCount() {
        return new BadRecords(true);
    }

    public static BadRecords of(boolean skipBadRecords) {
        return new BadRecords(skipBadRecords);
    }

    /** Rethrows {@code e} when failing fast, else records it. */
    public void handle(BadInputException e) {
        if (!skip) throw e;
        skipped++;
        if (examples.size() < KEPT_MESSAGES) examples.add(e.getMessage());
    }

    public boolean skipping() {
        return skip;
    }

    public long skipped() {
        return skipped;
    }

    /** For a run's JSON report: {@code skipped} (the count) and {@code first} (the first messages). */
    public java.util.Map<String, Object> asJson() {
        java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();   // fixed key order: the same run writes the same bytes
        json.put("skipped", skipped);
        json.put("first", examples());
        return json;
    }

    /** The first messages of skipped records, for reports. */
    public List<String> examples() {
        return List.copyOf(examples);
    }
}
