package greencover.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long CLI command from the service's progress messages ({@code rows 512/10980}, then free text).
 * On a terminal it is one bar redrawn in place with {@code \r}, whose line {@link #end()} ends; elsewhere (a pipe, a
 * log file, CI) it degrades to a plain line at most every {@value #LOG_EVERY_SECONDS} s and at 100 %, so logs get
 * whole lines and no carriage returns.
 */
final class Progress {
    static final int LOG_EVERY_SECONDS = 5;
    private static final int WIDTH = 40;
    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanos;
    private long lastLine = Long.MIN_VALUE;
    private boolean open; // a bar is drawn and its line not ended

    Progress(PrintStream out, boolean terminal, LongSupplier nanos) {
        this.out = out;
        this.terminal = terminal;
        this.nanos = nanos;
    }

    /** For {@code System.out}: a bar when it is a terminal ({@code System.console()} present), log lines otherwise. */
    static Progress forStdout() { return new Progress(System.out, System.console() != null, System::nanoTime); }

    void accept(String msg) {
        if (msg.startsWith("rows ")) {
            String[] p = msg.substring(5).split("/");
            int done = Integer.parseInt(p[0].trim()), total = Math.max(1, Integer.parseInt(p[1].trim()));
            int percent = (int) (100L * done / total);
            if (terminal) {
                int bar = (int) ((long) WIDTH * done / total);
                out.print("\r[" + "#".repeat(bar) + " ".repeat(WIDTH - bar) + "] " + percent + "% rows " + done + "/" + total);
                open = true;
            } else {
                long now = nanos.getAsLong();
                if (done >= total || lastLine == Long.MIN_VALUE || now - lastLine >= LOG_EVERY_SECONDS * 1_000_000_000L) {
                    out.println(String.format(Locale.ROOT, "progress: %d%% (rows %d/%d)", percent, done, total));
                    lastLine = now;
                }
            }
        } else {
            end();
            out.println(msg);
        }
    }

    /** Ends the bar's line, if one is drawn; call it once the work is over, also when it failed. */
    void end() {
        if (open) out.println();
        open = false;
    }
}
