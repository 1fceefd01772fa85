package dev.chord.kernels.scalar.int8;

import dev.chord.kernels.scalar.matmul.QuantizedActivations;


/**
 * q6_K x q8_K. Layout (ggml-common.h {@code block_q6_K}, 210 bytes): {@code ql[128]}, {@code qh[64]} at 128,
 * sixteen int8 {@code scales} at 192, fp16 {@code d} at 208. Value {@code 128j + 32s + l} takes the low
 * ({@code s < 2}) or high nibble of {@code ql[64j + 32(s&1) + l]} and bits {@code 2s..2s+1} of
 * {@code qh[32j + l]} as bits 4-5; its level is {@code q - 32}.
 * Partials: 16 per super-block (16 values each), {@code w = q - 32}.
 */
public final class Q6_KDot extends SuperBlockDot {
    public Q6_KDot(Order order) {
        super(210, order);
    }

    /** The unsigned 6-bit values q (0..63) into {@code s.levels}, the scales into {@code s.scales}. */
    @Override
    void decode(Scratch s, int off) {
        byte[] b = s.row;
        for (int i = 0; i < 16; i++) {
            s.scales[i] = b[off + 192 + i];
        }
        for (int j = 0; j < 2; j++) {
            for (int l = 0; l < 32; l++) {
                int h = Blocks.u8(b, off + 128 + 32 * j + l);
                int lo = Blocks.u8(b, off + 64 * j + l);
                int hi = Blocks.u8(b, off + 64 * j + 32 + l);
                s.levels[128 * j + l] = (lo & 0xF) | ((h & 3) << 4);
                s.levels[128 * j + 32 + l] = (hi & 0xF) | (((h >> 2) & 3) << 4);
                s.levels[128 * j + 64 + l] = (lo >> 4) | (((h >> 4) & 3) << 4);
                s.levels[128 * j + 96 + l] = (hi >> 4) | (((h >> 6) & 3) << 4);
            }
        }
    }

    @Override
    float rowDot(int nb, QuantizedActivations a, int row, Order order, Scratch s) {
        if (order != Order.VEC_DOT) {
            throw new IllegalStateException("q6_K has no " + order + " kernel");
        }
        // ggml_vec_dot_q6_K_q8_K (AVX2): the unsigned levels into eight lanes; the -32 offset subtracted per lane
        // as 32 * madd(bsums, scales), lane k covering sub-blocks 2k and 2k+1
        java.util.Arrays.fill(s.acc, 0f);
        for (int b = 0; b < nb; b++) {
            int off = decodeBlock(b, s);
            int ai = row * nb + b;
            Avx2Lanes.superBlock(s.lanes, s.levels, s.scales, 16, a.qs, ai * QK_K);
            for (int k = 0; k < 8; k++) {
                int bs = a.bsums[ai * 16 + 2 * k] * s.scales[2 * k] + a.bsums[ai * 16 + 2 * k + 1] * s.scales[2 * k + 1];
                s.lanes[k] -= bs << 5;
            }
            Avx2Lanes.fma(s.acc, 0, a.d[ai] * Blocks.half(s.row, off + 208), s.lanes);
        }
        return Avx2Lanes.hsum(s.acc, 0);
    }

    @Override
    int partials(Scratch s, byte[] qs, int aOff, int[] out, int outOff) {
        for (int i = 0; i < QK_K; i++) {
            s.levels[i] -= 32;
        }
        return subBlockSums(s.levels, qs, aOff, 16, out, outOff);
    }
}
