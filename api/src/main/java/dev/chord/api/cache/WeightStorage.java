package dev.chord.api.cache;

import dev.chord.api.plugin.Plugin;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where layer bytes come from ({@code read}, {@code mmap}, {@code throttled}). Selected by a spec string
 * {@code NAME[:ARGS]}; the plugin parses its own arguments.
 */
public interface WeightStorage extends Plugin {

    /**
     * Opens {@code file} for loading.
     *
     * @param args the part of the spec after the first colon, or "" if none
     * @throws IllegalArgumentException if {@code args} is malformed, naming the spec and what was expected
     */
    WeightSource open(Path file, String args) throws IOException;
}
