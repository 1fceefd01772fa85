package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * {@code scalar.fused} for {@code q4_1}: value = q * d + m.
 * Layout: ggml-common.h block_q4_1 { ggml_half d; ggml_half m; uint8_t qs[16]; }, nibbles as in q4_0.
 */
final class Q4_1FusedDot extends ScalarFusedDot {
    Q4_1FusedDot() {
        super(GgmlType.Q4_1);
    }

    @Override
    void decode(MemorySegment src, long at, int count, float[] out) {
        float d = half(src, at);
        float m = half(src, at + 2);
        for (int j = 0; j < 16; j++) {
            int b = u8(src, at + 4 + j);
            out[j] = (b & 0x0F) * d + m;
            out[j + 16] = (b >>> 4) * d + m;
        }
    }
}
