package dev.chord.harness.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * JMH runners whose output drops the JVM's "Using incubator modules" notice that every forked JVM prints (the
 * forks need the module; the notice says nothing about the measurement). Everything else passes through.
 */
public final class JmhRunners {
    private JmhRunners() {
    }

    /**
     * Runs {@code options}; JMH's failures become one-line errors. The common one: JMH holds a machine-wide
     * lock while it runs, and a second run on the same machine refuses to start rather than disturb the first.
     */
    public static java.util.Collection<org.openjdk.jmh.results.RunResult> run(Options options) {
        try {
            return runner(options).run();
        } catch (org.openjdk.jmh.runner.RunnerException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("JMH lock")) {
                throw new IllegalStateException("another JMH benchmark is running on this machine (it holds "
                        + System.getProperty("java.io.tmpdir") + "/jmh.lock); wait for it to finish: two runs at "
                        + "once would disturb each other's timings");
            }
            throw new IllegalStateException("JMH: " + msg.replaceFirst("^ERROR: ", ""), e);
        }
    }

    public static Runner runner(Options options) {
        PrintStream filtered = new PrintStream(new LineFilter(System.out), true, StandardCharsets.UTF_8);
        VerboseMode mode = options.verbosity().orElse(VerboseMode.NORMAL);
        return new Runner(options, OutputFormatFactory.createFormatInstance(filtered, mode));
    }

    /** Passes whole lines through, except the incubator notice. */
    private static final class LineFilter extends OutputStream {
        private final PrintStream out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineFilter(PrintStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                flushLine();
            }
        }

        private void flushLine() {
            String s = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (!s.startsWith("WARNING: Using incubator modules")) {
                out.print(s);
            }
        }

        @Override
        public synchronized void flush() {
            out.flush();
        }
    }
}
