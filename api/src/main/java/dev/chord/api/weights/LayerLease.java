package dev.chord.api.weights;

import dev.chord.api.tensor.TensorView;

import java.util.Optional;

/** A pinned, resident layer. Its tensor views are valid until {@link #close()}. */
public interface LayerLease extends AutoCloseable {

    int layer();

    /**
     * A tensor of this layer by its name within the block ({@code attn_q.weight} for
     * {@code blk.3.attn_q.weight}), if present.
     */
    Optional<TensorView> find(String shortName);

    /** Like {@link #find} but a missing tensor is an error naming it. */
    default TensorView tensor(String shortName) {
        return find(shortName).orElseThrow(() -> new IllegalArgumentException(
                "model has no tensor blk." + layer() + "." + shortName));
    }

    /** Unpins the layer. */
    @Override
    void close();
}
