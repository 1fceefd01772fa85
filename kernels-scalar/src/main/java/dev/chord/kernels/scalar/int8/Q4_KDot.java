package dev.chord.kernels.scalar.int8;

/**
 * q4_K x q8_K ({@link ScaleMinDot}). Layout (ggml-common.h {@code block_q4_K}, 144 bytes): fp16 {@code d},
 * fp16 {@code dmin}, 12 scale bytes, {@code qs[128]} at 16: byte {@code 32c + l} holds value {@code 64c + l} in
 * its low nibble and {@code 64c + 32 + l} in its high one; the level is {@code q} (0..15).
 */
public final class Q4_KDot extends ScaleMinDot {
    public Q4_KDot(Order order) {
        super(144, order, false);
    }

    @Override
    void decode(Scratch s, int off) {
        byte[] b = s.row;
        Blocks.scaleMinK4(b, off + 4, s.scales, s.mins);
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                int q = Blocks.u8(b, off + 16 + 32 * c + l);
                s.levels[64 * c + l] = q & 0xF;
                s.levels[64 * c + 32 + l] = q >> 4;
            }
        }
    }
}
