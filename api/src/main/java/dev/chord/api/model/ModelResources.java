package dev.chord.api.model;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.weights.WeightProvider;

/**
 * Everything an {@link Architecture} needs to build a runnable model: its metadata, where its weights
 * come from, the matmul kernels, the worker team, and the run options.
 *
 * @param contextLength KV-cache capacity in tokens (0: the model's trained context length)
 * @param maxBatch      most tokens one {@link LanguageModel#forward} call may process
 */
public record ModelResources(ModelMetadata metadata, WeightProvider weights, MatmulProvider kernels,
                             ChordExecutor executor, int contextLength, int maxBatch) {
}
