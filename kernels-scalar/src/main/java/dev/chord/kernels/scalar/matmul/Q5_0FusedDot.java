package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * {@code scalar.fused} for {@code q5_0}: value = (q - 16) * d with a 5-bit q.
 * Layout: ggml-common.h block_q5_0 { ggml_half d; uint8_t qh[4]; uint8_t qs[16]; }: the low four bits as in
 * q4_0, bit j of the little-endian word qh is the fifth bit of value j.
 */
final class Q5_0FusedDot extends ScalarFusedDot {
    Q5_0FusedDot() {
        super(GgmlType.Q5_0);
    }

    @Override
    void decode(MemorySegment src, long at, int count, float[] out) {
        float d = half(src, at);
        int qh = src.get(INT, at + 2);
        for (int j = 0; j < 16; j++) {
            int b = u8(src, at + 6 + j);
            out[j] = (((b & 0x0F) | ((qh >>> j) & 1) << 4) - 16) * d;
            out[j + 16] = (((b >>> 4) | ((qh >>> (j + 16)) & 1) << 4) - 16) * d;
        }
    }
}
