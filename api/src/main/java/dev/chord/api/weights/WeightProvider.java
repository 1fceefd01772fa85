package dev.chord.api.weights;

import dev.chord.api.tensor.TensorView;

import java.util.Optional;

/**
 * Where the forward pass gets its weights. The model's repeating blocks are obtained one layer at a time
 * through {@link #acquire(int)}, so an implementation may keep every layer mapped, or stream layers from
 * storage under a memory budget and prefetch ahead, without the forward pass knowing which.
 *
 * <p>Tensors outside the blocks ({@code token_embd.weight}, {@code output_norm.weight},
 * {@code output.weight}) are {@linkplain #global global} and stay resident.
 */
public interface WeightProvider extends AutoCloseable {

    /** Number of repeating blocks ({@code blk.0} .. {@code blk.N-1}). */
    int layerCount();

    /** A tensor outside the blocks, by its full GGUF name, if the model has it. */
    Optional<TensorView> global(String name);

    /**
     * Full names of every tensor this provider can give (globals and {@code blk.N.*}), without loading
     * anything; empty if the provider cannot tell.
     */
    default java.util.Set<String> tensorNames() {
        return java.util.Set.of();
    }

    /**
     * Makes layer {@code layer} resident (waiting for it if it is being loaded) and pins it until the
     * returned lease is closed. Leases of one layer may overlap.
     */
    LayerLease acquire(int layer);

    @Override
    void close();
}
