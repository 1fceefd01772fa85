package dev.chord.harness.model;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.model.LanguageModel;
import dev.chord.api.weights.WeightProvider;
import dev.chord.gguf.GgufFile;

import java.nio.file.Path;

/** A model ready to run, with everything it holds open. Closing it closes them all. */
public record LoadedModel(Path path, GgufFile file, LanguageModel model, KernelBinder kernels, ChordExecutor executor,
                          WeightProvider weights) implements AutoCloseable {

    /** Weight parameters and bytes in the file (all tensors). */
    public long parameterCount() {
        return file.parameterCount();
    }

    public long weightBytes() {
        return file.tensorBytes();
    }

    @Override
    public void close() {
        model.close();
        weights.close();
        executor.close();
        file.close();
    }
}
