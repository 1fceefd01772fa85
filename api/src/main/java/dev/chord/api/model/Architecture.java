package dev.chord.api.model;

import dev.chord.api.plugin.Plugin;

/**
 * A model architecture: turns a model file's metadata and weights into a {@link LanguageModel}.
 * {@link #name()} is the value of {@code general.architecture} it handles ({@code llama}); adding an
 * architecture (Qwen2, Qwen3) is one more provider.
 */
public interface Architecture extends Plugin {

    /**
     * Builds the model. Missing tensors or metadata keys are errors naming them.
     */
    LanguageModel load(ModelResources resources);
}
