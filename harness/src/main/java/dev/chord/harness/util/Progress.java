package dev.chord.harness.util;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on stderr for steps that take more than a second. On a terminal it redraws one line; in a
 * log (CI) it prints a line when the step starts and one when it ends, so logs stay readable.
 */
public final class Progress implements AutoCloseable {

    private static final int WIDTH = 28;

    private final PrintStream err = System.err;
    private final boolean tty = System.console() != null;
    private final String label;
    private final long total;
    private final long t0 = System.nanoTime();
    private long done;
    private long lastDraw;
    private String note = "";

    private Progress(String label, long total) {
        this.label = label;
        this.total = Math.max(1, total);
        if (!tty) {
            err.println("  " + label + " ...");
        }
        draw(true);
    }

    public static Progress start(String label, long total) {
        return new Progress(label, total);
    }

    /** Sets how much is done (out of the total) and an optional note ("q4_K vector.int8"). */
    public synchronized void update(long done, String note) {
        this.done = Math.min(done, total);
        this.note = note == null ? "" : note;
        draw(false);
    }

    public void step(String note) {
        update(done + 1, note);
    }

    private void draw(boolean force) {
        if (!tty) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < 100_000_000L && done < total) {
            return;
        }
        lastDraw = now;
        int filled = (int) (WIDTH * done / total);
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        String n = note.length() > 30 ? note.substring(0, 30) : note;
        err.printf(Locale.ROOT, "\r  %-26s [%s] %3d%% %5.1fs %-30s", label, bar, 100 * done / total, elapsed(), n);
        err.flush();
    }

    private double elapsed() {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Ends the bar with a one-line summary. */
    public void finish(String summary) {
        done = total;
        if (tty) {
            draw(true);
            err.printf(Locale.ROOT, "\r  %-26s %-70s%n", label, String.format(Locale.ROOT, "done in %.1fs: %s", elapsed(), summary));
        } else {
            err.printf(Locale.ROOT, "  %s done in %.1fs: %s%n", label, elapsed(), summary);
        }
        err.flush();
    }

    @Override
    public void close() {
        // finish() prints the summary; nothing else to release
    }
}
