package dev.chord.kernels.scalar.int8;

/**
 * q4_1 x q8_1. Layout (ggml-common.h {@code block_q4_1}, 20 bytes): fp16 {@code d}, fp16 {@code m}, then
 * {@code qs[16]} with q4_0's nibble order; the level is {@code q} (0..15) and {@code m} meets q8_1's {@code s}.
 */
public final class Q4_1Dot extends Block32Dot {
    public Q4_1Dot(Order order) {
        super(20, order);
    }

    @Override
    void levels(byte[] b, int off, int[] levels) {
        for (int j = 0; j < 16; j++) {
            int q = Blocks.u8(b, off + 4 + j);
            levels[j] = q & 0xF;
            levels[j + 16] = q >> 4;
        }
    }

    @Override
    boolean hasMin() {
        return true;
    }
}
