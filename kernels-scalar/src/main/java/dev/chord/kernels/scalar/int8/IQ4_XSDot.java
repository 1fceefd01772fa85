package dev.chord.kernels.scalar.int8;

import dev.chord.kernels.scalar.matmul.QuantizedActivations;


/**
 * iq4_xs x q8_K. Layout (ggml-common.h {@code block_iq4_xs}, 136 bytes): fp16 {@code d}, {@code uint16 scales_h}
 * at 2, {@code scales_l[4]} at 4, {@code qs[128]} at 8. Sub-block {@code ib} (32 values) has the 6-bit scale
 * {@code ls} (low nibble of {@code scales_l[ib/2]} for even ib, high for odd; bits {@code 2ib..} of
 * {@code scales_h} on top), used as {@code ls - 32}; its values are {@code kvalues_iq4nl} of the low nibbles of
 * {@code qs[16ib..16ib+15]}, then of the high nibbles.
 * Partials: 8 per super-block (32 values each), {@code w = kvalues_iq4nl[q]}.
 */
public final class IQ4_XSDot extends SuperBlockDot {
    public IQ4_XSDot(Order order) {
        super(136, order);
    }

    @Override
    void decode(Scratch s, int off) {
        byte[] b = s.row;
        int sh = Blocks.u16(b, off + 2);
        for (int ib = 0; ib < 8; ib++) {
            int ls = ((Blocks.u8(b, off + 4 + ib / 2) >> (4 * (ib % 2))) & 0xF) | (((sh >> (2 * ib)) & 3) << 4);
            s.scales[ib] = ls - 32;
            for (int j = 0; j < 16; j++) {
                int q = Blocks.u8(b, off + 8 + 16 * ib + j);
                s.levels[32 * ib + j] = Blocks.IQ4NL_LEVELS[q & 0xF];
                s.levels[32 * ib + 16 + j] = Blocks.IQ4NL_LEVELS[q >> 4];
            }
        }
    }

    @Override
    float rowDot(int nb, QuantizedActivations a, int row, Order order, Scratch s) {
        java.util.Arrays.fill(s.acc, 0f);
        float acc = 0f;
        for (int b = 0; b < nb; b++) {
            int off = decodeBlock(b, s);
            int ai = row * nb + b;
            float d = Blocks.half(s.row, off) * a.d[ai];
            switch (order) {
                case VEC_DOT -> {
                    // ggml_vec_dot_iq4_xs_q8_K (AVX2)
                    Avx2Lanes.superBlock(s.lanes, s.levels, s.scales, 32, a.qs, ai * QK_K);
                    Avx2Lanes.fma(s.acc, 0, d, s.lanes);
                }
                case PANEL -> acc = Math.fma((float) scaledSum(s.levels, s.scales, a.qs, ai * QK_K, 32, 0, 8), d, acc);
                default -> throw new IllegalStateException("iq4_xs has no " + order + " kernel");
            }
        }
        return order == Order.VEC_DOT ? Avx2Lanes.hsum(s.acc, 0) : acc;
    }

    @Override
    int partials(Scratch s, byte[] qs, int aOff, int[] out, int outOff) {
        return subBlockSums(s.levels, qs, aOff, 32, out, outOff);
    }
}
