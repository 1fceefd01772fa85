package dev.chord.api.kernel;

import dev.chord.api.exec.ChordExecutor;
import dev.chord.api.ggml.GgmlType;
import dev.chord.api.plugin.Plugin;

import java.util.Set;

/**
 * A matrix product implementation: quantized weights times F32 activations, F32 out.
 *
 * <p>Names are {@code family.variant} ({@code scalar.unfused}, {@code vector.int8}). A kernel declares the
 * weight formats it supports, what it does with activations ({@link ActivationMode}), whether it decodes
 * weights in registers ({@link #fused()}), and, through {@link #unavailableReason()}, why it cannot run here.
 *
 * <p>Work is done by a {@link Matmul} bound to a {@link ChordExecutor}: the binding owns scratch space,
 * so calls allocate nothing and create no threads.
 */
public interface MatmulKernel extends Plugin {

    /** Weight formats this kernel computes with. */
    Set<GgmlType> formats();

    default boolean supports(GgmlType type) {
        return formats().contains(type);
    }

    ActivationMode activationMode();

    /** True if weights are decoded inside the dot-product loop rather than into an F32 row first. */
    boolean fused();

    /**
     * Rank for automatic selection among available kernels that support a format: higher wins. The
     * reference kernels rank lowest; SIMD and integer kernels above them.
     */
    int preference();

    /**
     * Rank for automatic selection for weights of {@code type}: {@link #preference()} unless the kernel knows
     * better for this format (a family's two variants may trade places per format on measured speed).
     */
    default int preference(GgmlType type) {
        return preference();
    }

    /**
     * Rank for automatic selection for products of {@code type} weights with batches of activation rows
     * (prompt processing): {@link #preference(GgmlType)} unless the kernel has a batch path that changes the order.
     */
    default int batchPreference(GgmlType type) {
        return preference(type);
    }

    /** A binding of this kernel to {@code executor}, with its own reusable scratch space. */
    Matmul bind(ChordExecutor executor);
}
