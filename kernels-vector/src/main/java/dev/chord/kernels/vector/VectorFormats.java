package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The weight formats the vector kernels declare, readable without loading the Vector API. A test checks
 * that {@link VectorDots} provides exactly these.
 */
final class VectorFormats {
    private VectorFormats() {
    }

    static final Set<GgmlType> FUSED = Collections.unmodifiableSet(EnumSet.of(
            GgmlType.F32, GgmlType.F16, GgmlType.BF16,
            GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q8_0, GgmlType.IQ4_NL,
            GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K, GgmlType.IQ4_XS));

    static final Set<GgmlType> INT8 = Collections.unmodifiableSet(EnumSet.of(
            GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q8_0, GgmlType.IQ4_NL,
            GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K, GgmlType.IQ4_XS));

    /**
     * Formats for which {@code vector.int8} is ranked above {@code vector.fused}: where it measured faster for
     * 4096x4096 matrix-vector products on one thread (AVX-512, 512-bit; `chord bench kernels --kernel
     * vector.fused,vector.int8`). Elsewhere the fused kernel, faster there and more accurate (F32 activations),
     * is chosen. q6_K joined when its int8 dot got a multi-row pass (with two rows, in-process A/B against
     * {@code vector.fused}: 0.87x the time at 4096x4096, 0.71x at 65536x4096; four rows are faster still).
     */
    static final Set<GgmlType> INT8_PREFERRED = Collections.unmodifiableSet(EnumSet.of(
            GgmlType.Q8_0, GgmlType.Q5_1, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q6_K));

    /** Formats {@link F32PanelGemm} decodes with vector code for the batch path (the others use the reference decoder). */
    static final Set<GgmlType> PANEL_DECODED = Collections.unmodifiableSet(EnumSet.of(
            GgmlType.Q4_0, GgmlType.Q8_0, GgmlType.Q4_K, GgmlType.Q6_K));
}
