package greencover.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress of an import on stderr: items done of found, bytes read and the time left at the pace so far. On a
 * terminal one line redrawn with {@code \r}; elsewhere a whole line at most every {@value Progress#LOG_EVERY_SECONDS} s
 * and when the count changes to the total.
 */
final class ImportProgress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanos;
    private final long start;
    private long lastLine = Long.MIN_VALUE;
    private boolean open;

    ImportProgress(PrintStream out, boolean terminal, LongSupplier nanos) {
        this.out = out;
        this.terminal = terminal;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    static ImportProgress forStderr() { return new ImportProgress(System.err, System.console() != null, System::nanoTime); }

    /** One line: {@code [####    ] 12/24 items  35.2 MiB  ETA 0:42}. */
    static String line(int done, int total, long bytes, double elapsedSeconds, String status) {
        StringBuilder b = new StringBuilder();
        int bar = total <= 0 ? 0 : (int) ((long) WIDTH * Math.min(done, total) / total);
        b.append('[').append("#".repeat(bar)).append(" ".repeat(WIDTH - bar)).append("] ");
        b.append(done).append('/').append(total <= 0 ? "?" : Integer.toString(total)).append(" items  ");
        b.append(String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0));
        if (done > 0 && total > done && elapsedSeconds > 0) {
            long eta = Math.round(elapsedSeconds / done * (total - done));
            b.append(String.format(Locale.ROOT, "  ETA %d:%02d", eta / 60, eta % 60));
        } else if (total > 0 && done >= total) {
            b.append("  ETA 0:00");
        }
        return b.append("  ").append(status).toString();
    }

    void update(int done, int total, long bytes, String status) {
        double elapsed = (nanos.getAsLong() - start) / 1e9;
        String l = line(done, total, bytes, elapsed, status);
        if (terminal) {
            out.print("\r" + l);
            open = true;
        } else {
            long now = nanos.getAsLong();
            if (lastLine == Long.MIN_VALUE || (total > 0 && done >= total) || now - lastLine >= Progress.LOG_EVERY_SECONDS * 1_000_000_000L) {
                out.println(l);
                lastLine = now;
            }
        }
    }

    void end() {
        if (open) out.println();
        open = false;
    }
}
