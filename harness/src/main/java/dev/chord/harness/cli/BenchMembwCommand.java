package dev.chord.harness.cli;

import dev.chord.reports.model.ResultSet;
import dev.chord.reports.model.ResultSets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import org.openjdk.jmh.runner.options.TimeValue;
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
        ResultSet rs = dev.chord.harness.bench.MemoryBandwidth.measure(forks, List.of("16", "1024"), 5, TimeValue.seconds(1), true);
        if (json != null) {
            ResultSets.write(rs, json);
        }
        return 0;
    }

}
