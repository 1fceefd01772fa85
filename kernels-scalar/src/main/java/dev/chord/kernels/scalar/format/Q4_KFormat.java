package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;


/**
 * ggml's q4_K: 256 values as 8 sub-blocks of 32, each {@code x ≈ d*sc*q - dmin*m} with a 4-bit level q
 * and 6-bit sub-block scale sc and min m; 4.5 bits per value.
 *
 * <p>Layout (ggml-common.h {@code block_q4_K}, 144 bytes): the {@link ScaleMinBlocks} header (fp16
 * {@code d}, fp16 {@code dmin}, 12 scale bytes) in bytes 0-15, then {@code qs[128]} at 16: byte
 * {@code 32c + l} holds value {@code 64c + l} in its low nibble and {@code 64c + 32 + l} in its high one.
 * Algorithms: ggml-quants.c {@code dequantize_row_q4_K}, {@code quantize_row_q4_K_ref}.
 */
public final class Q4_KFormat extends SuperBlockFormat<ScaleMinBlocks.Scratch> {
    static final int QS = 16;
    static final int BLOCK_BYTES = 144;

    public Q4_KFormat() {
        super(GgmlType.Q4_K);
    }

    @Override
    public String description() {
        return "ggml q4_K: 8x32 sub-blocks, 4-bit levels, 6-bit scales and mins, fp16 super-scales (4.5 bpw)";
    }

    @Override
    void dequantizeBlock(MemorySegment src, long off, float[] y, int yOff) {
        float d = half(src, off + ScaleMinBlocks.D);
        float min = half(src, off + ScaleMinBlocks.DMIN);
        for (int c = 0; c < 4; c++) {
            int sm1 = ScaleMinBlocks.scaleMin(2 * c, src, off + ScaleMinBlocks.SCALES);
            int sm2 = ScaleMinBlocks.scaleMin(2 * c + 1, src, off + ScaleMinBlocks.SCALES);
            float d1 = d * (sm1 & 0xFF);
            float m1 = min * (sm1 >> 8);
            float d2 = d * (sm2 & 0xFF);
            float m2 = min * (sm2 >> 8);
            long q = off + QS + 32L * c;
            for (int l = 0; l < 32; ++l) {
                y[yOff++] = d1 * (u8(src, q + l) & 0xF) - m1;
            }
            for (int l = 0; l < 32; ++l) {
                y[yOff++] = d2 * (u8(src, q + l) >> 4) - m2;
            }
        }
    }

    @Override
    ScaleMinBlocks.Scratch newScratch() {
        return new ScaleMinBlocks.Scratch();
    }

    @Override
    void quantizeBlock(float[] x, int xOff, byte[] out, ScaleMinBlocks.Scratch s) {
        ScaleMinBlocks.quantizeHeader(x, xOff, out, s, 15, -1f, 20);
        byte[] L = s.levels;
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; ++l) {
                out[QS + 32 * c + l] = (byte) (L[64 * c + l] | (L[64 * c + 32 + l] << 4));
            }
        }
    }
}
