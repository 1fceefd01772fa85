package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;
import dev.chord.kernels.scalar.format.IQ4_NLFormat;

import java.lang.foreign.MemorySegment;

/**
 * {@code scalar.fused} for {@code iq4_nl}: value = d * kvalues_iq4nl[q].
 * Layout: ggml-common.h block_iq4_nl { ggml_half d; uint8_t qs[16]; }, nibbles as in q4_0.
 */
final class IQ4_NLFusedDot extends ScalarFusedDot {
    private static final byte[] LEVELS = IQ4_NLFormat.levels();

    IQ4_NLFusedDot() {
        super(GgmlType.IQ4_NL);
    }

    @Override
    void decode(MemorySegment src, long at, int count, float[] out) {
        float d = half(src, at);
        for (int j = 0; j < 16; j++) {
            int b = u8(src, at + 2 + j);
            out[j] = d * LEVELS[b & 0x0F];
            out[j + 16] = d * LEVELS[b >>> 4];
        }
    }
}
