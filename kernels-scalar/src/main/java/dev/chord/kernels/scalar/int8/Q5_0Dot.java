package dev.chord.kernels.scalar.int8;

/**
 * q5_0 x q8_0. Layout (ggml-common.h {@code block_q5_0}, 22 bytes): fp16 {@code d}, {@code qh[4]} (bit j of the
 * little-endian word is value j's fifth bit), {@code qs[16]} with q4_0's nibble order; the level is {@code q - 16}.
 */
public final class Q5_0Dot extends Block32Dot {
    public Q5_0Dot(Order order) {
        super(22, order);
    }

    @Override
    void levels(byte[] b, int off, int[] levels) {
        int qh = Blocks.u32(b, off + 2);
        for (int j = 0; j < 16; j++) {
            int q = Blocks.u8(b, off + 6 + j);
            levels[j] = ((q & 0xF) | (((qh >>> j) & 1) << 4)) - 16;
            levels[j + 16] = ((q >> 4) | (((qh >>> (j + 16)) & 1) << 4)) - 16;
        }
    }
}
