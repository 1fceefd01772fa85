package dev.chord.kernels.scalar.int8;

/**
 * q4_0 x q8_0. Layout (ggml-common.h {@code block_q4_0}, 18 bytes): fp16 {@code d}, then {@code qs[16]}: byte j
 * holds value j in its low nibble and value j+16 in its high one; the level is {@code q - 8}.
 */
public final class Q4_0Dot extends Block32Dot {
    public Q4_0Dot(Order order) {
        super(18, order);
    }

    @Override
    void levels(byte[] b, int off, int[] levels) {
        for (int j = 0; j < 16; j++) {
            int q = Blocks.u8(b, off + 2 + j);
            levels[j] = (q & 0xF) - 8;
            levels[j + 16] = (q >> 4) - 8;
        }
    }
}
