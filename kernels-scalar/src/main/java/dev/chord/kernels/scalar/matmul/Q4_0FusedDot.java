package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * {@code scalar.fused} for {@code q4_0}: value = (q - 8) * d.
 * Layout: ggml-common.h block_q4_0 { ggml_half d; uint8_t qs[16]; }, byte j holds value j in its low nibble
 * and value j + 16 in its high nibble.
 */
final class Q4_0FusedDot extends ScalarFusedDot {
    Q4_0FusedDot() {
        super(GgmlType.Q4_0);
    }

    @Override
    void decode(MemorySegment src, long at, int count, float[] out) {
        float d = half(src, at);
        for (int j = 0; j < 16; j++) {
            int b = u8(src, at + 2 + j);
            out[j] = ((b & 0x0F) - 8) * d;
            out[j + 16] = ((b >>> 4) - 8) * d;
        }
    }
}
