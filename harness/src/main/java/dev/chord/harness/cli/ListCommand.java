package dev.chord.harness.cli;

import dev.chord.api.plugin.PluginRegistry;
import dev.chord.harness.plugins.ChordPlugins;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** Prints every plugin of every SPI with {@code available} or the reason it cannot run here. */
@Command(name = "list", description = "List every plugin (formats, kernels, policies, ...) and whether it can run here.")
final class ListCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        PrintStream out = System.out;
        for (PluginRegistry<?> r : ChordPlugins.all()) {
            out.printf("%s (%d)%n", r.kind(), r.entries().size());
            if (r.entries().isEmpty()) {
                out.println("  (no providers on the class path)");
            }
            out.print(r.table());
            out.println();
        }
        return 0;
    }
}
