package dev.chord.harness.cli;

import dev.chord.gguf.GgufFile;
import dev.chord.harness.inspect.GgufInspection;
import dev.chord.harness.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Describes a GGUF file: header, metadata, tensor table, totals. */
@Command(name = "inspect", description = "Describe a GGUF file: version, metadata, tensors, parameter count.")
final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "GGUF file")
    Path file;

    @Option(names = "--json", description = "Print JSON (schema in the README) instead of text.")
    boolean json;

    @Option(names = "--items", defaultValue = "8", description = "Array items to show per metadata array (default ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        try (GgufFile f = GgufFile.open(file)) {
            long parseNs = System.nanoTime() - t0;
            if (json) {
                System.out.println(Json.pretty(GgufInspection.toJson(f, items)));
            } else {
                System.out.print(GgufInspection.toText(f, items));
                System.out.printf("parsed in %.1f ms%n", parseNs / 1e6);
            }
        }
        return 0;
    }
}
