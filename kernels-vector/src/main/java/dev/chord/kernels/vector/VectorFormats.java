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

    static final Set<GgmlType> FUSED = Collections.unmodifiableSet(EnumSet.of(GgmlType.Q4_K));
    static final Set<GgmlType> INT8 = Collections.unmodifiableSet(EnumSet.of(GgmlType.Q4_K));
}
