package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * ggml's {@code q5_0}: 32 values as 5-bit integers q in [0, 31] meaning {@code (q - 16) * d}, one fp16
 * scale per block; the low four bits are packed like q4_0, the fifth bits gathered in a 32-bit word.
 * Dot products with q8_0 activations ({@code type_traits_cpu}).
 *
 * <p>Reference quantizer ({@code quantize_row_q5_0_ref}): {@code d = max / -16} (max: the first value of
 * largest magnitude), {@code q = min(31, trunc(x / d + 16.5))}, computed with {@code 1/d}.
 */
public final class Q5_0Format extends BlockFormat {
    static final int QK = 32;
    // layout: ggml-common.h block_q5_0 { ggml_half d; uint8_t qh[4]; uint8_t qs[QK5_0/2]; }
    private static final int D = 0;   // ggml_half d: the scale
    private static final int QH = 2;  // little-endian uint32: bit j is the fifth bit of value j
    private static final int QS = 6;  // byte j: low nibbles of value j (low) and value j + 16 (high)
    static final int BLOCK_BYTES = QS + QK / 2;  // 22

    public Q5_0Format() {
        super(GgmlType.Q5_0, GgmlType.Q8_0, BLOCK_BYTES);
    }

    @Override
    void decodeBlock(MemorySegment src, long at, float[] dst, int to) {
        float d = LittleEndian.half(src, at + D);
        int qh = LittleEndian.u32(src, at + QH);
        for (int j = 0; j < QK / 2; j++) {
            int b = LittleEndian.u8(src, at + QS + j);
            int q0 = (b & 0x0F) | ((qh >>> j) & 1) << 4;
            int q1 = (b >>> 4) | ((qh >>> (j + QK / 2)) & 1) << 4;
            dst[to + j] = (q0 - 16) * d;
            dst[to + j + QK / 2] = (q1 - 16) * d;
        }
    }

    @Override
    void encodeBlock(float[] x, int from, MemorySegment dst, long at) {
        float amax = 0;
        float max = 0;
        for (int j = 0; j < QK; j++) {
            float v = x[from + j];
            if (amax < Math.abs(v)) {
                amax = Math.abs(v);
                max = v;
            }
        }
        float d = max / -16;
        float id = d != 0 ? 1.0f / d : 0.0f;
        LittleEndian.putHalf(dst, at + D, d);
        int qh = 0;
        for (int j = 0; j < QK / 2; j++) {
            int q0 = Math.min(31, (int) (x[from + j] * id + 16.5f));
            int q1 = Math.min(31, (int) (x[from + j + QK / 2] * id + 16.5f));
            LittleEndian.put8(dst, at + QS + j, (q0 & 0x0F) | (q1 & 0x0F) << 4);
            qh |= (q0 >>> 4) << j;
            qh |= (q1 >>> 4) << (j + QK / 2);
        }
        LittleEndian.put32(dst, at + QH, qh);
    }
}
