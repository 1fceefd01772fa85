package dev.chord.api.model;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.Matmul;

/** Gives the forward pass a bound matmul kernel for each weight type it meets. */
@FunctionalInterface
public interface MatmulProvider {

    /**
     * The kernel binding to use for weights of {@code type}.
     *
     * @param tensorName the tensor that needs it, for error messages
     */
    Matmul forType(GgmlType type, String tensorName);
}
