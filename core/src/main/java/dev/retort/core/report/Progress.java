package dev.retort.core.report;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of one long task. On a terminal: a progress bar with rate, ETA and a message such as the current
 * loss. Otherwise (CI, pipes, log files): a plain line every {@link #PLAIN_INTERVAL}. Quiet: nothing.
 * The CLI sets the mode once from {@code --quiet}; library code just opens and advances.
 */
public final class Progress implements AutoCloseable {
    public enum Mode { AUTO, QUIET }

    static final Duration PLAIN_INTERVAL = Duration.ofSeconds(10);
    private static volatile Mode mode = Mode.AUTO;

    private final String task;
    private final long total;
    private final ProgressBar bar;
    private final PrintStream plain;
    private final Duration plainInterval;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long done;
    private long lastPlainNanos;
    private String message = "";

    private Progress(String task, long total, ProgressBar bar, PrintStream plain) {
        this(task, total, bar, plain, PLAIN_INTERVAL, System::nanoTime);
    }

    /** Plain-line mode with an explicit interval and clock (tests). */
    Progress(String task, long total, PrintStream plain, Duration plainInterval, LongSupplier nanoClock) {
        this(task, total, null, plain, plainInterval, nanoClock);
    }

    private Progress(String task, long total, ProgressBar bar, PrintStream plain, Duration plainInterval, LongSupplier nanoClock) {
        this.task = task;
        this.total = total;
        this.bar = bar;
        this.plain = plain;
        this.plainInterval = plainInterval;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.lastPlainNanos = startNanos;
    }

    public static void setMode(Mode m) {
        mode = m;
    }

    /** Starts tracking {@code total} units of work (≤ 0 when unknown). */
    public static Progress start(String task, long total) {
        if (mode == Mode.QUIET) return new Progress(task, total, null, null);
        if (System.console() != null && System.console().isTerminal()) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total > 0 ? total : -1)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed().continuousUpdate().build();
            return new Progress(task, total, bar, null);
        }
        return new Progress(task, total, null, System.err);
    }

    public synchronized void advance(long units) {
        done += units;
        if (bar != null) bar.stepBy(units);
        else if (plain != null && nanoClock.getAsLong() - lastPlainNanos >= plainInterval.toNanos()) printPlain();
    }

    /** A short status shown beside the bar, e.g. {@code "loss 1.234"}. */
    public synchronized void message(String text) {
        message = text;
        if (bar != null) bar.setExtraMessage(" " + text);
    }

    public synchronized long done() {
        return done;
    }

    private void printPlain() {
        lastPlainNanos = nanoClock.getAsLong();
        double secs = (lastPlainNanos - startNanos) / 1e9;
        double rate = done / Math.max(secs, 1e-9);
        String eta = total > 0 && rate > 0 ? String.format(Locale.ROOT, ", eta %.0fs", Math.max(0, total - done) / rate) : "";
        String of = total > 0 ? String.format(Locale.ROOT, "/%d (%.0f%%)", total, 100.0 * done / total) : "";
        plain.printf(Locale.ROOT, "[%s] %d%s, %.1f/s%s%s%n", task, done, of, rate, eta, message.isEmpty() ? "" : ", " + message);
    }

    @Override
    public synchronized void close() {
        if (bar != null) bar.close();
        else if (plain != null) printPlain();
    }
}
