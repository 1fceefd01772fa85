package dev.chord.kernels.scalar.int8;

/**
 * iq4_nl x q8_0. Layout (ggml-common.h {@code block_iq4_nl}, 18 bytes): fp16 {@code d}, then {@code qs[16]} with
 * q4_0's nibble order; the level is {@code kvalues_iq4nl[q]}.
 */
public final class IQ4_NLDot extends Block32Dot {
    public IQ4_NLDot(Order order) {
        super(18, order);
    }

    @Override
    void levels(byte[] b, int off, int[] levels) {
        for (int j = 0; j < 16; j++) {
            int q = Blocks.u8(b, off + 2 + j);
            levels[j] = Blocks.IQ4NL_LEVELS[q & 0xF];
            levels[j + 16] = Blocks.IQ4NL_LEVELS[q >> 4];
        }
    }
}
