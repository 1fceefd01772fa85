package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

import static dev.chord.kernels.scalar.format.KQuantMath.QK_K;

/**
 * ggml's q5_K: 256 values as 8 sub-blocks of 32, each {@code x ≈ d*sc*q - dmin*m} with a 5-bit level q
 * and 6-bit sub-block scale sc and min m; 5.5 bits per value.
 *
 * <p>Layout (ggml-common.h {@code block_q5_K}, 176 bytes): the {@link ScaleMinBlocks} header (fp16
 * {@code d}, fp16 {@code dmin}, 12 scale bytes) in bytes 0-15, {@code qh[32]} at 16 (bit {@code 2c} of byte
 * l is the fifth bit of value {@code 64c + l}, bit {@code 2c+1} that of value {@code 64c + 32 + l}), and
 * {@code qs[128]} at 48 holding the low four bits in q4_K's nibble order.
 * Algorithms: ggml-quants.c {@code dequantize_row_q5_K}, {@code quantize_row_q5_K_ref}.
 */
public final class Q5_KFormat extends SuperBlockFormat<ScaleMinBlocks.Scratch> {
    static final int QH = 16;
    static final int QS = 48;
    static final int BLOCK_BYTES = 176;

    public Q5_KFormat() {
        super(GgmlType.Q5_K);
    }

    @Override
    public String description() {
        return "ggml q5_K: 8x32 sub-blocks, 5-bit levels, 6-bit scales and mins, fp16 super-scales (5.5 bpw)";
    }

    @Override
    void dequantizeBlock(MemorySegment src, long off, float[] y, int yOff) {
        float d = half(src, off + ScaleMinBlocks.D);
        float min = half(src, off + ScaleMinBlocks.DMIN);
        int u1 = 1;
        int u2 = 2;
        for (int c = 0; c < 4; c++) {
            int sm1 = ScaleMinBlocks.scaleMin(2 * c, src, off + ScaleMinBlocks.SCALES);
            int sm2 = ScaleMinBlocks.scaleMin(2 * c + 1, src, off + ScaleMinBlocks.SCALES);
            float d1 = d * (sm1 & 0xFF);
            float m1 = min * (sm1 >> 8);
            float d2 = d * (sm2 & 0xFF);
            float m2 = min * (sm2 >> 8);
            long ql = off + QS + 32L * c;
            for (int l = 0; l < 32; ++l) {
                int high = (u8(src, off + QH + l) & u1) != 0 ? 16 : 0;
                y[yOff++] = d1 * ((u8(src, ql + l) & 0xF) + high) - m1;
            }
            for (int l = 0; l < 32; ++l) {
                int high = (u8(src, off + QH + l) & u2) != 0 ? 16 : 0;
                y[yOff++] = d2 * ((u8(src, ql + l) >> 4) + high) - m2;
            }
            u1 <<= 2;
            u2 <<= 2;
        }
    }

    @Override
    ScaleMinBlocks.Scratch newScratch() {
        return new ScaleMinBlocks.Scratch();
    }

    @Override
    void quantizeBlock(float[] x, int xOff, byte[] out, ScaleMinBlocks.Scratch s) {
        ScaleMinBlocks.quantizeHeader(x, xOff, out, s, 31, -0.5f, 15);
        byte[] L = s.levels;
        for (int l = 0; l < QK_K / 8; l++) {
            out[QH + l] = 0;
        }
        int m1 = 1;
        int m2 = 2;
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; ++l) {
                int l1 = L[64 * c + l];
                if (l1 > 15) {
                    l1 -= 16;
                    out[QH + l] |= (byte) m1;
                }
                int l2 = L[64 * c + 32 + l];
                if (l2 > 15) {
                    l2 -= 16;
                    out[QH + l] |= (byte) m2;
                }
                out[QS + 32 * c + l] = (byte) (l1 | (l2 << 4));
            }
            m1 <<= 2;
            m2 <<= 2;
        }
    }
}
