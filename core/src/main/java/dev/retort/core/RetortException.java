package dev.retort.core;

/**
 * An error retort reports to its user as one clear message, never as a stack trace.
 * {@link #exitCode()} is the process exit code the CLI uses: 2 for bad input or usage, 1 for a failed run.
 */
public class RetortException extends RuntimeException {
    private final int exitCode;

    public RetortException(String message) {
        this(message, 1, null);
    }

    public RetortException(String message, Throwable cause) {
        this(message, 1, cause);
    }

    protected RetortException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
