package dev.chord.kernels.scalar.int8;

/**
 * q5_K x q8_K ({@link ScaleMinDot}). Layout (ggml-common.h {@code block_q5_K}, 176 bytes): fp16 {@code d},
 * fp16 {@code dmin}, 12 scale bytes, {@code qh[32]} at 16, {@code qs[128]} at 48: value {@code 64c + l} is the
 * low nibble of {@code qs[32c + l]} plus bit {@code 2c} of {@code qh[l]} as its fifth bit, value
 * {@code 64c + 32 + l} the high nibble plus bit {@code 2c + 1}; the level is {@code q} (0..31).
 */
public final class Q5_KDot extends ScaleMinDot {
    public Q5_KDot(Order order) {
        super(176, order, true);
    }

    @Override
    void decode(Scratch s, int off) {
        byte[] b = s.row;
        Blocks.scaleMinK4(b, off + 4, s.scales, s.mins);
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                int q = Blocks.u8(b, off + 48 + 32 * c + l);
                int h = Blocks.u8(b, off + 16 + l);
                s.levels[64 * c + l] = (q & 0xF) | (((h >> (2 * c)) & 1) << 4);
                s.levels[64 * c + 32 + l] = (q >> 4) | (((h >> (2 * c + 1)) & 1) << 4);
            }
        }
    }
}
