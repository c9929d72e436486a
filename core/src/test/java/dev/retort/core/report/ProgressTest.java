package dev.retort.core.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private String[] lines() {
        String s = buffer.toString(StandardCharsets.UTF_8);
        return s.isEmpty() ? new String[0] : s.split("\n");
    }

    private void seconds(double s) {
        nanos.addAndGet((long) (s * 1e9));
    }

    @Test
    void plainModePrintsOneLineAPeriodWithRateEtaAndMessage() {
        Progress p = new Progress("train", 100, out, Duration.ofSeconds(10), nanos::get);
        p.advance(10);
        seconds(5);
        p.advance(10);
        assertThat(lines()).isEmpty(); // not yet 10 s
        seconds(5);
        p.message("loss 1.234");
        p.advance(5);
        assertThat(lines()).containsExactly("[train] 25/100 (25%), 2.5/s, eta 30s, loss 1.234");
        seconds(2);
        p.advance(25);
        assertThat(lines()).hasSize(1); // the next line waits another 10 s
        seconds(8);
        p.advance(10);
        assertThat(lines()[1]).isEqualTo("[train] 60/100 (60%), 3.0/s, eta 13s, loss 1.234");
        seconds(5);
        p.advance(40);
        p.close();
        assertThat(lines()).hasSize(3);
        assertThat(lines()[2]).isEqualTo("[train] 100/100 (100%), 4.0/s, eta 0s, loss 1.234");
        assertThat(p.done()).isEqualTo(100);
    }

    @Test
    void unknownTotalShowsCountAndRateOnly() {
        Progress p = new Progress("mine", 0, out, Duration.ofSeconds(1), nanos::get);
        p.advance(3);
        seconds(2);
        p.close();
        assertThat(lines()).containsExactly("[mine] 3, 1.5/s");
    }

    @Test
    void quietModePrintsNothingAndStillCounts() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Progress.setMode(Progress.Mode.QUIET);
            try (Progress p = Progress.start("quiet", 10)) {
                p.advance(10);
                p.message("hidden");
                assertThat(p.done()).isEqualTo(10);
            }
            Progress.setMode(Progress.Mode.AUTO);
            try (Progress p = Progress.start("loud", 4)) { // tests have no terminal: plain lines on stderr
                p.advance(4);
            }
        } finally {
            Progress.setMode(Progress.Mode.AUTO);
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("quiet", "hidden").startsWith("[loud] 4/4 (100%), ");
    }
}
