package dev.chord.harness.bench;

import dev.chord.reports.env.EnvironmentProbe;
import dev.chord.reports.model.Benchmark;
import dev.chord.reports.model.ResultSet;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.List;
import java.util.Locale;

/** Runs {@link MemoryBandwidthBenchmark} and returns its results as suite "membw" (the report's roofline). */
public final class MemoryBandwidth {
    private MemoryBandwidth() {
    }

    /** Runs the bandwidth benchmark for the given buffer sizes (MiB) and returns suite "membw" results. */
    public static ResultSet measure(int forks, List<String> mib, int iterations, TimeValue time, boolean print) throws Exception {
        ResultSet.Builder rb = ResultSet.builder(EnvironmentProbe.capture(1));
        for (RunResult rr : JmhRunners.run(new OptionsBuilder().include(MemoryBandwidthBenchmark.class.getName() + ".sum")
                .param("mib", mib.toArray(String[]::new)).forks(forks).measurementIterations(iterations)
                .measurementTime(time).warmupIterations(2).warmupTime(time)
                .verbosity(VerboseMode.SILENT).build())) {
            int size = Integer.parseInt(rr.getParams().getParam("mib"));
            long bytes = (long) size << 20;
            Benchmark.Builder b = Benchmark.builder("membw/read/" + size + "MiB").suite("membw").param("mib", size)
                    .bytesPerOp(bytes).timeUnit("ns/op");
            double gb = 0;
            for (BenchmarkResult br : rr.getBenchmarkResults()) {
                double[] ns = br.getIterationResults().stream().map(IterationResult::getPrimaryResult)
                        .mapToDouble(r -> r.getScore()).toArray();
                b.fork(ns);
            }
            gb = bytes / rr.getPrimaryResult().getScore();
            if (print) {
                System.out.printf(Locale.ROOT, "read bandwidth, %5d MiB buffer: %6.1f GB/s (JMH %d %s x %d x %s, mean)%n",
                        size, gb, forks, forks == 1 ? "fork" : "forks", iterations, time);
            }
            rb.add(b.build());
        }
        return rb.build();
    }
}
