package dev.chord.kernels.scalar.int8;

import dev.chord.kernels.scalar.matmul.QuantizedActivations;


/**
 * q4_K and q5_K: fp16 {@code d} and {@code dmin} at bytes 0 and 2, eight 32-value sub-blocks with 6-bit scales
 * and mins ({@link Blocks#scaleMinK4}), value {@code = d*sc*q - dmin*m}. They differ in their levels and in how
 * ggml's vec_dot adds the min term:
 * <ul>
 *   <li>{@code ggml_vec_dot_q4_K_q8_K} (AVX2): in a separate four-lane accumulator,
 *       {@code fma(-d_a*dmin, m[2i]*s[2i] + m[2i+1]*s[2i+1], lane i)} with {@code s} the 32-value sums of
 *       {@code bsums}; the result is {@code hsum_float_8(acc) + ((m0+m2) + (m1+m3))};</li>
 *   <li>{@code ggml_vec_dot_q5_K_q8_K} (AVX2): as one integer per super-block fma'd into a scalar
 *       ({@code summs += dmin * sum}, which GCC contracts into an fma), added after {@code hsum_float_8}.</li>
 * </ul>
 * The levels go into eight lanes with the sub-block scales in both. The CPU_REPACK kernels
 * ({@code ggml_gemv/gemm_q4_K_8x8_q8_K}) do {@code fma(scaled int sum, d_w*d_a, acc)} and
 * {@code fma(min int sum, dmin_w*d_a, accMin)} per super-block (gemv) or per 64 values (gemm), then
 * {@code acc - accMin}.
 * Partials: 8 per super-block (32 values each), {@code w = q}.
 */
abstract class ScaleMinDot extends SuperBlockDot {
    private final boolean scalarMins;

    ScaleMinDot(int blockBytes, Order order, boolean scalarMins) {
        super(blockBytes, order);
        this.scalarMins = scalarMins;
    }

    @Override
    final float rowDot(int nb, QuantizedActivations a, int row, Order order, Scratch s) {
        java.util.Arrays.fill(s.acc, 0f);
        java.util.Arrays.fill(s.accMin, 0f);
        float summs = 0f;
        float acc = 0f;
        float accMin = 0f;
        for (int b = 0; b < nb; b++) {
            int off = decodeBlock(b, s);
            int ai = row * nb + b;
            int aOff = ai * QK_K;
            float dw = Blocks.half(s.row, off);
            float dminw = Blocks.half(s.row, off + 2);
            float da = a.d[ai];
            switch (order) {
                case VEC_DOT -> {
                    float dmin = -da * dminw;
                    if (scalarMins) {
                        int isum = 0;
                        for (int j = 0; j < 8; j++) {
                            isum += s.mins[j] * bsum32(a, ai, j);
                        }
                        summs = Math.fma(dmin, (float) isum, summs);
                    } else {
                        for (int i = 0; i < 4; i++) {
                            int prod = s.mins[2 * i] * bsum32(a, ai, 2 * i) + s.mins[2 * i + 1] * bsum32(a, ai, 2 * i + 1);
                            s.accMin[i] = Math.fma(dmin, (float) prod, s.accMin[i]);
                        }
                    }
                    Avx2Lanes.superBlock(s.lanes, s.levels, s.scales, 32, a.qs, aOff);
                    Avx2Lanes.fma(s.acc, 0, da * dw, s.lanes);
                }
                case REPACK_GEMV, REPACK_GEMM -> {
                    int parts = order == Order.REPACK_GEMV ? 1 : 4;
                    int per = 8 / parts;
                    for (int p = 0; p < parts; p++) {
                        int isum = scaledSum(s.levels, s.scales, a.qs, aOff, 32, p * per, (p + 1) * per);
                        int imin = 0;
                        for (int j = p * per; j < (p + 1) * per; j++) {
                            imin += s.mins[j] * bsum32(a, ai, j);
                        }
                        acc = Math.fma((float) isum, dw * da, acc);
                        accMin = Math.fma((float) imin, dminw * da, accMin);
                    }
                }
                default -> throw new IllegalStateException(getClass().getSimpleName() + " has no " + order + " kernel");
            }
        }
        if (order != Order.VEC_DOT) {
            return acc - accMin;
        }
        return Avx2Lanes.hsum(s.acc, 0) + (scalarMins ? summs : Avx2Lanes.hsum4(s.accMin, 0));
    }

    @Override
    final int partials(Scratch s, byte[] qs, int aOff, int[] out, int outOff) {
        return subBlockSums(s.levels, qs, aOff, 32, out, outOff);
    }
}
