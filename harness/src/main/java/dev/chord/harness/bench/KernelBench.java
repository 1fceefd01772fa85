package dev.chord.harness.bench;

import dev.chord.api.ggml.GgmlType;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs {@link MatmulBenchmark} through JMH's Runner API for each kernel, format and thread count, and keeps
 * every fork's iteration scores: the fork (a fresh JVM) is the unit of replication for the statistics.
 */
public final class KernelBench {

    /** What to measure and how. */
    public record Config(List<String> kernels, List<GgmlType> formats, int rows, int cols, int batch,
                         List<Integer> threads, int forks, int warmupIterations, int iterations, TimeValue warmupTime,
                         TimeValue time, boolean gcProfiler) {
        public String method() {
            return String.format("JMH %s, %d %s x (%d warm-up x %s + %d measured x %s), average time per call",
                    org.openjdk.jmh.util.Version.getPlainVersion(), forks, forks == 1 ? "fork" : "forks", warmupIterations,
                    warmupTime, iterations, time);
        }
    }

    /** One kernel x format x threads cell: ns per call for every measured iteration of every fork. */
    public record Cell(String kernel, GgmlType format, int rows, int cols, int batch, int threads, List<double[]> forks,
                       double allocBytesPerCall) {
        /** Mean of each fork's iterations. */
        public double[] forkMeans() {
            return forks.stream().mapToDouble(f -> Arrays.stream(f).average().orElse(Double.NaN)).toArray();
        }

        /** Median of the fork means. */
        public double medianNs() {
            return median(forkMeans());
        }

        public long weightBytes() {
            return (long) rows * format.bytesFor(cols);
        }

        /** Weight bytes streamed per nanosecond = GB/s. */
        public double weightGbPerS() {
            return weightBytes() / medianNs();
        }
    }

    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    public List<Cell> run(Config c, List<String[]> kernelFormatPairs, Consumer<String> progress) throws RunnerException {
        List<Cell> cells = new ArrayList<>();
        int total = kernelFormatPairs.size() * c.threads().size();
        int done = 0;
        for (String[] kf : kernelFormatPairs) {
            for (int t : c.threads()) {
                done++;
                progress.accept(String.format("[%d/%d] %s %s %dx%d batch %d, %d thread%s", done, total, kf[0], kf[1],
                        c.rows(), c.cols(), c.batch(), t, t == 1 ? "" : "s"));
                cells.add(runOne(c, kf[0], GgmlType.parse(kf[1]), t));
            }
        }
        return cells;
    }

    private Cell runOne(Config c, String kernel, GgmlType format, int threads) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(MatmulBenchmark.class.getName() + ".multiply")
                .param("kernel", kernel).param("format", format.ggmlName())
                .param("rows", Integer.toString(c.rows())).param("cols", Integer.toString(c.cols()))
                .param("batch", Integer.toString(c.batch())).param("threads", Integer.toString(threads))
                .forks(c.forks()).warmupIterations(c.warmupIterations()).measurementIterations(c.iterations())
                .warmupTime(c.warmupTime()).measurementTime(c.time())
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        if (c.gcProfiler()) {
            o.addProfiler("gc");
        }
        Collection<RunResult> results = JmhRunners.run(o.build());
        RunResult rr = results.iterator().next();
        List<double[]> forks = new ArrayList<>();
        double alloc = Double.NaN;
        for (BenchmarkResult br : rr.getBenchmarkResults()) {
            forks.add(br.getIterationResults().stream().map(IterationResult::getPrimaryResult)
                    .mapToDouble(Result::getScore).toArray());
        }
        Result gc = rr.getSecondaryResults().get("gc.alloc.rate.norm");
        if (gc != null) {
            alloc = gc.getScore();
        }
        return new Cell(kernel, format, c.rows(), c.cols(), c.batch(), threads, forks, alloc);
    }
}
