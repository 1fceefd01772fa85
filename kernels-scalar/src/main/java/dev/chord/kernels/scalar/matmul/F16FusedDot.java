package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/** {@code scalar.fused} for {@code f16} weights: little-endian IEEE binary16 ({@code ggml_half}), widened exactly. */
final class F16FusedDot extends ScalarFusedDot {
    F16FusedDot() {
        super(GgmlType.F16);
    }

    @Override
    void decode(MemorySegment src, long at, int count, float[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = half(src, at + 2L * i);
        }
    }
}
