package dev.chord.kernels.scalar.int8;

/**
 * q5_1 x q8_1. Layout (ggml-common.h {@code block_q5_1}, 24 bytes): fp16 {@code d}, fp16 {@code m}, {@code qh[4]},
 * {@code qs[16]} as in q5_0; the level is {@code q} (0..31) and {@code m} meets q8_1's {@code s}.
 */
public final class Q5_1Dot extends Block32Dot {
    public Q5_1Dot(Order order) {
        super(24, order);
    }

    @Override
    void levels(byte[] b, int off, int[] levels) {
        int qh = Blocks.u32(b, off + 4);
        for (int j = 0; j < 16; j++) {
            int q = Blocks.u8(b, off + 8 + j);
            levels[j] = (q & 0xF) | (((qh >>> j) & 1) << 4);
            levels[j + 16] = (q >> 4) | (((qh >>> (j + 16)) & 1) << 4);
        }
    }

    @Override
    boolean hasMin() {
        return true;
    }
}
