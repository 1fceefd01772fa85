package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * {@code scalar.fused} for {@code q5_1}: value = q * d + m with a 5-bit q.
 * Layout: ggml-common.h block_q5_1 { ggml_half d; ggml_half m; uint8_t qh[4]; uint8_t qs[16]; }, bits as in q5_0.
 */
final class Q5_1FusedDot extends ScalarFusedDot {
    Q5_1FusedDot() {
        super(GgmlType.Q5_1);
    }

    @Override
    void decode(MemorySegment src, long at, int count, float[] out) {
        float d = half(src, at);
        float m = half(src, at + 2);
        int qh = src.get(INT, at + 4);
        for (int j = 0; j < 16; j++) {
            int b = u8(src, at + 8 + j);
            out[j] = ((b & 0x0F) | ((qh >>> j) & 1) << 4) * d + m;
            out[j + 16] = ((b >>> 4) | ((qh >>> (j + 16)) & 1) << 4) * d + m;
        }
    }
}
