package dev.chord.harness.cli;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.kernel.MatmulKernels;
import dev.chord.api.plugin.PluginRegistry;
import dev.chord.harness.bench.KernelBench;
import dev.chord.harness.bench.KernelResults;
import dev.chord.reports.model.ResultSets;
import dev.chord.reports.stats.Estimate;
import dev.chord.reports.stats.StatisticalMethod;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code chord bench kernels}: every kernel x format through JMH, with speedups against the scalar baselines. */
@Command(name = "kernels", description = "Benchmark matmul kernels with JMH (forks, warm-up) and report ns/call, "
        + "weight GB/s and speedups against scalar.unfused and scalar.fused.")
final class BenchKernelsCommand implements Callable<Integer> {

    /** The formats the kernel issue names; the default set. */
    static final List<GgmlType> DEFAULT_FORMATS = List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q4_0,
            GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q8_0, GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K,
            GgmlType.Q5_K, GgmlType.Q6_K, GgmlType.IQ4_NL, GgmlType.IQ4_XS);

    @Option(names = "--format", split = ",", description = "Formats (default: all the kernels support).")
    List<String> formats = new ArrayList<>();
    @Option(names = "--kernel", split = ",", description = "Kernels (default: all available; the scalar baselines are "
            + "always added), or 'auto': only the kernel automatic selection picks for each format, no baselines.")
    List<String> kernels = new ArrayList<>();
    @Option(names = "--rows", defaultValue = "4096")
    int rows;
    @Option(names = "--cols", defaultValue = "4096")
    int cols;
    @Option(names = "--batch", defaultValue = "1", description = "Activation rows: 1 = matrix-vector, >1 = matrix-matrix.")
    int batch;
    @Option(names = "--threads", split = ",", defaultValue = "1", description = "Thread counts (comma list).")
    List<Integer> threads;
    @Option(names = "--forks", defaultValue = "2", description = "JVM forks per cell (>= 2 for a spread).")
    int forks;
    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up iterations per fork.")
    int warmup;
    @Option(names = "--iterations", defaultValue = "5", description = "Measured iterations per fork.")
    int iterations;
    @Option(names = "--time", defaultValue = "1", description = "Seconds per iteration.")
    double seconds;
    @Option(names = "--gc", description = "Add JMH's gc profiler (bytes allocated per call).")
    boolean gc;
    @Option(names = "--json", paramLabel = "FILE", description = "Write a Chord results file (every fork kept) for chord report/compare.")
    java.nio.file.Path jsonFile;
    @Option(names = "--verbose")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PluginRegistry<MatmulKernel> reg = MatmulKernels.registry();
        List<GgmlType> fmts = formats.isEmpty() ? DEFAULT_FORMATS : formats.stream().map(GgmlType::parse).toList();
        Set<String> ks = new LinkedHashSet<>();
        if (kernels.isEmpty()) {
            reg.available().forEach(k -> ks.add(k.name()));
        } else if (!(kernels.size() == 1 && kernels.get(0).equalsIgnoreCase("auto"))) {
            kernels.forEach(k -> ks.add(reg.require(k).name()));
            for (String base : List.of("scalar.unfused", "scalar.fused")) {
                reg.find(base).filter(MatmulKernel::isAvailable).ifPresent(k -> ks.add(k.name()));
            }
        }
        boolean auto = kernels.size() == 1 && kernels.get(0).equalsIgnoreCase("auto");
        if (auto) {
            ks.clear();
        }
        List<String[]> pairs = new ArrayList<>();
        for (GgmlType f : fmts) {
            if (auto) {
                if (reg.available().stream().anyMatch(k -> k.supports(f))) {
                    pairs.add(new String[] {MatmulKernels.select(reg, f, null).name(), f.ggmlName()});
                }
                continue;
            }
            if (cols % f.blockSize() != 0) {
                throw new IllegalArgumentException("--cols " + cols + " is not a multiple of the " + f.ggmlName()
                        + " block size " + f.blockSize());
            }
            for (String k : ks) {
                if (reg.require(k).supports(f)) {
                    pairs.add(new String[] {k, f.ggmlName()});
                }
            }
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no available kernel supports " + fmts);
        }
        TimeValue t = TimeValue.milliseconds(Math.round(seconds * 1000));
        KernelBench.Config cfg = new KernelBench.Config(List.copyOf(ks), fmts, rows, cols, batch, threads, forks, warmup,
                iterations, t, t, gc);
        System.out.println("method: " + cfg.method());
        List<KernelBench.Cell> cells = new KernelBench().run(cfg, pairs, s -> System.err.println(s));
        print(cells);
        System.out.println("\nspeedups: ratio of the medians of fork means, 95% percentile-bootstrap interval over forks "
                + "(" + StatisticalMethod.DEFAULT.resamples() + " resamples); x < 1 is slower than the baseline");
        if (jsonFile != null) {
            ResultSets.write(KernelResults.of(cells, threads.stream().mapToInt(Integer::intValue).max().orElse(1), cfg.method()), jsonFile);
            System.out.println("results written to " + jsonFile);
        }
        return 0;
    }

    private void print(List<KernelBench.Cell> cells) {
        System.out.printf(Locale.ROOT, "%n%-7s %-16s %3s %14s %20s %8s %17s %17s %s%n", "format", "kernel", "thr", "ns/call",
                "fork means (min..max)", "GB/s", "x unfused", "x fused", gc ? "  B/call" : "");
        for (KernelBench.Cell c : cells) {
            double[] means = c.forkMeans();
            double lo = Arrays.stream(means).min().orElse(Double.NaN);
            double hi = Arrays.stream(means).max().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "%-7s %-16s %3d %14.0f %9.0f..%-10.0f %8.2f %17s %17s %s%n", c.format().ggmlName(),
                    c.kernel(), c.threads(), c.medianNs(), lo, hi, c.weightGbPerS(), speedup(cells, c, "scalar.unfused"),
                    speedup(cells, c, "scalar.fused"), gc ? String.format(Locale.ROOT, "%8.1f", c.allocBytesPerCall()) : "");
        }
    }

    private static String speedup(List<KernelBench.Cell> cells, KernelBench.Cell c, String base) {
        for (KernelBench.Cell b : cells) {
            if (b.kernel().equals(base) && b.format() == c.format() && b.threads() == c.threads()) {
                Estimate e = StatisticalMethod.DEFAULT.bootstrap().ratioOfMedians(b.forkMeans(), c.forkMeans(),
                        StatisticalMethod.DEFAULT.seedFor(c.kernel() + c.format() + c.threads()));
                return e.hasCi() ? String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", e.value(), e.ci().low(), e.ci().high())
                        : String.format(Locale.ROOT, "%.2f", e.value());
            }
        }
        return "-";
    }
}
