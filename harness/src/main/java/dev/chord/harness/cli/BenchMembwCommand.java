package dev.chord.harness.cli;

import dev.chord.harness.bench.MemoryBandwidthBenchmark;
import dev.chord.reports.env.EnvironmentProbe;
import dev.chord.reports.model.Benchmark;
import dev.chord.reports.model.ResultSet;
import dev.chord.reports.model.ResultSets;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code chord bench membw}: single-thread read bandwidth, the roofline of matrix-vector products. */
@Command(name = "membw", description = "Single-thread read bandwidth (LLC-sized and DRAM-sized buffers): the matvec roofline.")
final class BenchMembwCommand implements Callable<Integer> {

    @Option(names = "--forks", defaultValue = "2")
    int forks;

    @Option(names = "--json", paramLabel = "FILE", description = "Write a Chord results file (suite membw) for chord report.")
    Path json;

    @Option(names = "--verbose")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        ResultSet.Builder rb = ResultSet.builder(EnvironmentProbe.capture(1));
        for (RunResult rr : dev.chord.harness.bench.JmhRunners.runner(new OptionsBuilder().include(MemoryBandwidthBenchmark.class.getName() + ".sum")
                .forks(forks).verbosity(VerboseMode.SILENT).build()).run()) {
            int mib = Integer.parseInt(rr.getParams().getParam("mib"));
            long bytes = (long) mib << 20;
            Benchmark.Builder b = Benchmark.builder("membw/read/" + mib + "MiB").suite("membw").param("mib", mib)
                    .bytesPerOp(bytes).timeUnit("ns/op");
            double gb = 0;
            for (BenchmarkResult br : rr.getBenchmarkResults()) {
                double[] ns = br.getIterationResults().stream().map(IterationResult::getPrimaryResult)
                        .mapToDouble(r -> r.getScore()).toArray();
                b.fork(ns);
            }
            gb = bytes / rr.getPrimaryResult().getScore();
            System.out.printf(Locale.ROOT, "read bandwidth, %5d MiB buffer: %6.1f GB/s (JMH %d forks x 5 x 1 s, mean)%n", mib, gb, forks);
            rb.add(b.build());
        }
        if (json != null) {
            ResultSets.write(rb.build(), json);
        }
        return 0;
    }
}
