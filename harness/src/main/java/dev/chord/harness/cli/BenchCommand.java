package dev.chord.harness.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Benchmarks: JMH suites through its Runner API, and end-to-end workloads. */
@Command(name = "bench", description = "Run benchmarks (JMH suites and end-to-end workloads).",
        subcommands = {BenchKernelsCommand.class, BenchMatvecCommand.class, BenchE2eCommand.class, BenchMembwCommand.class, BenchStreamCommand.class, BenchCommand.Jmh.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Any JMH benchmark in Chord, with JMH's own options ({@code -f 2 -wi 5 -i 5 -p k=v -prof gc}). */
    @Command(name = "jmh", description = "Run Chord's JMH benchmarks with JMH's own command-line options "
            + "(e.g. 'GgufParse -f 2 -prof gc'); '-l' lists them.")
    static final class Jmh implements Callable<Integer> {
        /** Everything after {@code jmh}, in order, handed to JMH untouched. */
        @CommandLine.Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            String[] argv = args.toArray(String[]::new);
            var options = new org.openjdk.jmh.runner.options.CommandLineOptions(argv);
            if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
                    || options.shouldListProfilers() || options.shouldListResultFormats()) {
                org.openjdk.jmh.Main.main(argv);   // JMH's own listings and help
                return 0;
            }
            dev.chord.harness.bench.JmhRunners.run(options);
            return 0;
        }
    }
}
