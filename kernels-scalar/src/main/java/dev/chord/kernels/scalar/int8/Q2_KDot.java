package dev.chord.kernels.scalar.int8;

import dev.chord.kernels.scalar.matmul.QuantizedActivations;


/**
 * q2_K x q8_K. Layout (ggml-common.h {@code block_q2_K}, 84 bytes): {@code scales[16]} (low nibble the scale,
 * high nibble the min of each 16-value sub-block), {@code qs[64]}, fp16 {@code d} at 80, fp16 {@code dmin} at 82.
 * Value {@code 128j + 32s + l} is bits {@code 2s..2s+1} of {@code qs[32j + l]}.
 * Partials: 16 per super-block (16 values each), {@code w = q} (0..3).
 */
public final class Q2_KDot extends SuperBlockDot {
    public Q2_KDot(Order order) {
        super(84, order);
    }

    @Override
    void decode(Scratch s, int off) {
        byte[] b = s.row;
        for (int i = 0; i < 16; i++) {
            int sc = Blocks.u8(b, off + i);
            s.scales[i] = sc & 0xF;
            s.mins[i] = sc >> 4;
        }
        for (int j = 0; j < 2; j++) {
            for (int l = 0; l < 32; l++) {
                int q = Blocks.u8(b, off + 16 + 32 * j + l);
                for (int shift = 0; shift < 4; shift++) {
                    s.levels[128 * j + 32 * shift + l] = (q >> (2 * shift)) & 3;
                }
            }
        }
    }

    @Override
    float rowDot(int nb, QuantizedActivations a, int row, Order order, Scratch s) {
        java.util.Arrays.fill(s.acc, 0f);
        float acc = 0f;
        float accMin = 0f;
        for (int b = 0; b < nb; b++) {
            int off = decodeBlock(b, s);
            int ai = row * nb + b;
            int aOff = ai * QK_K;
            float dw = Blocks.half(s.row, off + 80);
            float dminw = Blocks.half(s.row, off + 82);
            float da = a.d[ai];
            switch (order) {
                case VEC_DOT -> {
                    // ggml_vec_dot_q2_K_q8_K (AVX2): the mins first, as lanes of madd(mins, bsums), then the levels
                    float dmin = -da * dminw;
                    for (int k = 0; k < 8; k++) {
                        int prod = s.mins[2 * k] * a.bsums[ai * 16 + 2 * k] + s.mins[2 * k + 1] * a.bsums[ai * 16 + 2 * k + 1];
                        s.acc[k] = Math.fma(dmin, (float) prod, s.acc[k]);
                    }
                    Avx2Lanes.superBlock(s.lanes, s.levels, s.scales, 16, a.qs, aOff);
                    Avx2Lanes.fma(s.acc, 0, da * dw, s.lanes);
                }
                case REPACK_GEMV, REPACK_GEMM -> {
                    // ggml_gemv_q2_K_8x8_q8_K: one fma per super-block; the gemm: one per half of 128 values
                    int parts = order == Order.REPACK_GEMV ? 1 : 2;
                    int per = 16 / parts;
                    for (int p = 0; p < parts; p++) {
                        int isum = scaledSum(s.levels, s.scales, a.qs, aOff, 16, p * per, (p + 1) * per);
                        int imin = 0;
                        for (int i = p * per; i < (p + 1) * per; i++) {
                            imin += s.mins[i] * a.bsums[ai * 16 + i];
                        }
                        acc = Math.fma((float) isum, dw * da, acc);
                        accMin = Math.fma((float) imin, dminw * da, accMin);
                    }
                }
                default -> throw new IllegalStateException("q2_K has no " + order + " kernel");
            }
        }
        return order == Order.VEC_DOT ? Avx2Lanes.hsum(s.acc, 0) : acc - accMin;
    }

    @Override
    int partials(Scratch s, byte[] qs, int aOff, int[] out, int outOff) {
        return subBlockSums(s.levels, qs, aOff, 16, out, outOff);
    }
}
