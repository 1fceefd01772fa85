package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code scalar.fused} for {@code q8_0}: value = q * d.
 * Layout: ggml-common.h block_q8_0 { ggml_half d; int8_t qs[32]; }.
 */
final class Q8_0FusedDot extends ScalarFusedDot {
    Q8_0FusedDot() {
        super(GgmlType.Q8_0);
    }

    @Override
    void decode(MemorySegment src, long at, int count, float[] out) {
        float d = half(src, at);
        for (int j = 0; j < 32; j++) {
            out[j] = src.get(ValueLayout.JAVA_BYTE, at + 2 + j) * d;
        }
    }
}
