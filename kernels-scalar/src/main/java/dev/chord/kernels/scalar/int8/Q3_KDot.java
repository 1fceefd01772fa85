package dev.chord.kernels.scalar.int8;

import dev.chord.kernels.scalar.matmul.QuantizedActivations;


/**
 * q3_K x q8_K. Layout (ggml-common.h {@code block_q3_K}, 110 bytes): {@code hmask[32]}, {@code qs[64]},
 * {@code scales[12]} (sixteen 6-bit scales, stored plus 32), fp16 {@code d} at 108. Value {@code 128j + 32s + l}
 * has its low two bits at bits {@code 2s..} of {@code qs[32j + l]} and its high bit at bit {@code 4j + s} of
 * {@code hmask[l]}; its level is {@code low - 4} when that bit is clear, else {@code low}.
 * Partials: 16 per super-block (16 values each), {@code w} the signed level -4..3.
 */
public final class Q3_KDot extends SuperBlockDot {
    public Q3_KDot(Order order) {
        super(110, order);
    }

    @Override
    void decode(Scratch s, int off) {
        byte[] b = s.row;
        // the scale unpacking of dequantize_row_q3_K (ggml-quants.c): four 32-bit words of 4 bytes each
        int aux0 = Blocks.u32(b, off + 96);
        int aux1 = Blocks.u32(b, off + 100);
        int aux2 = Blocks.u32(b, off + 104);
        int w0 = (aux0 & 0x0F0F0F0F) | ((aux2 & 0x03030303) << 4);
        int w1 = (aux1 & 0x0F0F0F0F) | (((aux2 >>> 2) & 0x03030303) << 4);
        int w2 = ((aux0 >>> 4) & 0x0F0F0F0F) | (((aux2 >>> 4) & 0x03030303) << 4);
        int w3 = ((aux1 >>> 4) & 0x0F0F0F0F) | (((aux2 >>> 6) & 0x03030303) << 4);
        for (int i = 0; i < 16; i++) {
            int word = i < 4 ? w0 : i < 8 ? w1 : i < 12 ? w2 : w3;
            s.scales[i] = ((word >>> (8 * (i % 4))) & 0xFF) - 32;
        }
        for (int j = 0; j < 2; j++) {
            for (int l = 0; l < 32; l++) {
                int q = Blocks.u8(b, off + 32 + 32 * j + l);
                int h = Blocks.u8(b, off + l);
                for (int shift = 0; shift < 4; shift++) {
                    int high = (h >> (4 * j + shift)) & 1;
                    s.levels[128 * j + 32 * shift + l] = ((q >> (2 * shift)) & 3) - (high == 0 ? 4 : 0);
                }
            }
        }
    }

    @Override
    float rowDot(int nb, QuantizedActivations a, int row, Order order, Scratch s) {
        if (order != Order.VEC_DOT) {
            throw new IllegalStateException("q3_K has no " + order + " kernel");
        }
        // ggml_vec_dot_q3_K_q8_K (AVX2)
        java.util.Arrays.fill(s.acc, 0f);
        for (int b = 0; b < nb; b++) {
            int off = decodeBlock(b, s);
            int ai = row * nb + b;
            Avx2Lanes.superBlock(s.lanes, s.levels, s.scales, 16, a.qs, ai * QK_K);
            Avx2Lanes.fma(s.acc, 0, a.d[ai] * Blocks.half(s.row, off + 108), s.lanes);
        }
        return Avx2Lanes.hsum(s.acc, 0);
    }

    @Override
    int partials(Scratch s, byte[] qs, int aOff, int[] out, int outOff) {
        return subBlockSums(s.levels, qs, aOff, 16, out, outOff);
    }
}
