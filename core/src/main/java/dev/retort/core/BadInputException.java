package dev.retort.core;

import java.nio.file.Path;

/**
 * The user's input is wrong: a malformed record, a missing field, a wrong dimension, a NaN, a bad option.
 * The message names the file, line and field where they are known. Exit code 2.
 */
public final class BadInputException extends RetortException {

    public BadInputException(String message) {
        super(message, 2, null);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, 2, cause);
    }

    /** "{@code file:line: field 'f': problem}"; file, line (≤ 0) and field (null) may each be absent. */
    public static BadInputException at(Path file, long line, String field, String problem) {
        StringBuilder where = new StringBuilder();
        if (file != null) where.append(file);
        if (line > 0) where.append(where.isEmpty() ? "line " : ":").append(line);
        if (!where.isEmpty()) where.append(": ");
        if (field != null) where.append("field '").append(field).append("': ");
        return new BadInputException(where + problem);
    }
}
