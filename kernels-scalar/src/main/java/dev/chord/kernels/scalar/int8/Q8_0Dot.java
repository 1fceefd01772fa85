package dev.chord.kernels.scalar.int8;

/** q8_0 x q8_0. Layout (ggml-common.h {@code block_q8_0}, 34 bytes): fp16 {@code d}, then 32 signed levels. */
public final class Q8_0Dot extends Block32Dot {
    public Q8_0Dot(Order order) {
        super(34, order);
    }

    @Override
    void levels(byte[] b, int off, int[] levels) {
        for (int j = 0; j < QK; j++) {
            levels[j] = b[off + 2 + j];
        }
    }
}
