package dev.chord.harness.util;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One-line log output on stderr for the command line: warnings by default (a fallback's reason, a skipped
 * plugin), everything down to debug with {@code --verbose}.
 */
public final class CliLogging {
    private CliLogging() {
    }

    public static void configure(boolean verbose) {
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler h = new ConsoleHandler();
        Level level = verbose ? Level.FINE : Level.WARNING;
        h.setLevel(level);
        h.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String src = r.getLoggerName() == null ? "" : r.getLoggerName();
                int dot = src.lastIndexOf('.');
                return "[" + r.getLevel().getName().toLowerCase() + "] " + src.substring(dot + 1) + ": "
                        + formatMessage(r) + System.lineSeparator();
            }
        });
        root.addHandler(h);
        root.setLevel(level);
        Logger.getLogger("dev.chord").setLevel(level);
    }
}
