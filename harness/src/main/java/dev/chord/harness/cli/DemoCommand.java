package dev.chord.harness.cli;

import dev.chord.harness.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** The README's main job: runs on an embedded default, no arguments, no downloads. */
@Command(name = "demo", description = {"Chord's main job on an embedded default (no arguments, no downloads):",
        "writes a small synthetic model, verifies every kernel, benchmarks them briefly, simulates weight caches,",
        "generates tokens, and writes DIR/report.html with a summary here."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "chord-demo", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--threads", defaultValue = "2", description = "Threads for verification and generation (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        return new Demo(out, threads).run();
    }
}
