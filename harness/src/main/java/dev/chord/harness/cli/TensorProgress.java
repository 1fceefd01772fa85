package dev.chord.harness.cli;

import dev.chord.harness.quantize.TensorPlan;
import dev.chord.harness.quantize.WriteListener;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The per-tensor progress lines of {@code chord quantize} and {@code chord synth}, on stderr. */
final class TensorProgress implements WriteListener {

    private final PrintStream err;
    private final boolean quiet;
    private final long start = System.nanoTime();

    TensorProgress(PrintStream err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    /** One line per kind of type fallback, as llama.cpp warns about them. */
    @Override
    public void planned(List<TensorPlan> plans) {
        Map<String, Integer> kinds = new TreeMap<>();
        for (TensorPlan p : plans) {
            p.fallbackFrom().ifPresent(from -> kinds.merge(from + " -> " + p.target() + " (row length "
                    + p.source().rowLength() + " is not a multiple of " + from.blockSize() + ")", 1, Integer::sum));
        }
        kinds.forEach((k, n) -> err.println("fallback: " + n + " tensor" + (n == 1 ? "" : "s") + " " + k));
    }

    @Override
    public void written(int index, int count, TensorPlan p, long valuesDone, long valuesTotal) {
        if (quiet) {
            return;
        }
        err.printf(Locale.ROOT, "[%4d/%4d] %-28s %-5s -> %-5s %-14s %9.2f MiB -> %8.2f MiB %5.1f%% %7.1f s%n",
                index + 1, count, p.name(), p.source().type(), p.target(), Arrays.toString(p.source().shape()),
                mib(p.source().byteSize()), mib(p.output().byteSize()), 100.0 * valuesDone / valuesTotal, seconds());
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    static double mib(long bytes) {
        return bytes / 1048576.0;
    }
}
