package greencover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The CLI progress bar ends its line, and away from a terminal it writes whole lines, at most one per 5 s (clock given). */
class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private String text() { return bytes.toString(StandardCharsets.UTF_8); }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndItsLineEnded() {
        Progress p = new Progress(out, true, clock::get);
        p.accept("rows 5/10");
        p.accept("rows 10/10");
        p.accept("stored scene s1 with 3 summaries");
        p.end();
        assertThat(text()).isEqualTo("\r[####################                    ] 50% rows 5/10"
                + "\r[########################################] 100% rows 10/10\n"
                + "stored scene s1 with 3 summaries\n");
    }

    @Test
    void endEndsAnOpenBarOnceAndOnlyThen() {
        Progress p = new Progress(out, true, clock::get);
        p.end();
        assertThat(text()).isEmpty();
        p.accept("rows 1/4");
        p.end();
        p.end();
        assertThat(text()).endsWith("rows 1/4\n").doesNotEndWith("\n\n");
    }

    @Test
    void awayFromATerminalItLogsWholeLinesAtMostEveryFiveSecondsAndAtTheEnd() {
        Progress p = new Progress(out, false, clock::get);
        p.accept("rows 1/100");                // first: a line
        clock.set(4_999_000_000L);
        p.accept("rows 40/100");               // 4.999 s later: none
        clock.set(5_000_000_000L);
        p.accept("rows 50/100");               // 5 s after the first: a line
        clock.set(5_100_000_000L);
        p.accept("rows 100/100");              // the end: always a line
        p.end();
        assertThat(text()).doesNotContain("\r").isEqualTo("progress: 1% (rows 1/100)\nprogress: 50% (rows 50/100)\n"
                + "progress: 100% (rows 100/100)\n");
    }
}
