package dev.chord.harness.cli;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.MatmulKernel;
import dev.chord.api.kernel.MatmulKernels;
import dev.chord.harness.bench.KernelBench;
import dev.chord.harness.util.Json;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code chord bench matvec}: a quick, scriptable probe of one matrix-vector product with the kernel that
 * automatic selection picks for the format (or {@code --kernel}): one JMH fork, short iterations, median.
 */
@Command(name = "matvec", description = "Quick probe: median ns per matrix-vector call of the best (auto-selected) kernel.")
final class BenchMatvecCommand implements Callable<Integer> {

    @Option(names = "--format", required = true)
    String format;
    @Option(names = "--rows", defaultValue = "4096")
    int rows;
    @Option(names = "--cols", defaultValue = "4096")
    int cols;
    @Option(names = "--threads", defaultValue = "1")
    int threads;
    @Option(names = "--kernel", description = "Force a kernel instead of the auto choice.")
    String kernel;
    @Option(names = "--json", description = "Print one line of JSON.")
    boolean json;
    @Option(names = "--verbose")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        GgmlType type = GgmlType.parse(format);
        MatmulKernel k = MatmulKernels.select(MatmulKernels.registry(), type, kernel);
        KernelBench.Config cfg = new KernelBench.Config(List.of(k.name()), List.of(type), rows, cols, 1,
                List.of(threads), 1, 3, 5, TimeValue.milliseconds(500), TimeValue.milliseconds(500), false);
        KernelBench.Cell c = new KernelBench().run(cfg, List.<String[]>of(new String[] {k.name(), type.ggmlName()}),
                s -> { }).get(0);
        double median = KernelBench.median(c.forks().get(0));
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("median_ns", Math.round(median));
            m.put("kernel", k.name());
            m.put("format", type.ggmlName());
            m.put("threads", threads);
            m.put("rows", rows);
            m.put("cols", cols);
            m.put("weight_gb_per_s", c.weightBytes() / median);
            m.put("method", cfg.method());
            System.out.println(Json.compact(m));
        } else {
            System.out.printf(Locale.ROOT, "%s %s %dx%d, %d thread(s): median %.0f ns per call, %.2f GB/s (%s)%n",
                    k.name(), type.ggmlName(), rows, cols, threads, median, c.weightBytes() / median, cfg.method());
        }
        return 0;
    }
}
