package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * ggml's {@code q5_1}: 32 values as 5-bit integers q in [0, 31] meaning {@code q * d + m}, with an fp16
 * scale and an fp16 minimum per block; bits packed like q5_0. Dot products with q8_1 activations
 * ({@code type_traits_cpu}).
 *
 * <p>Reference quantizer ({@code quantize_row_q5_1_ref}): {@code d = (max - min) / 31},
 * {@code q = trunc((x - min) / d + 0.5)} (no clamp: the largest value lands on 31), computed with
 * {@code 1/d}.
 */
public final class Q5_1Format extends BlockFormat {
    static final int QK = 32;
    // layout: ggml-common.h block_q5_1 { ggml_half d; ggml_half m; uint8_t qh[4]; uint8_t qs[QK5_1/2]; }
    private static final int D = 0;   // ggml_half d: the scale
    private static final int M = 2;   // ggml_half m: the block's minimum
    private static final int QH = 4;  // little-endian uint32: bit j is the fifth bit of value j
    private static final int QS = 8;  // byte j: low nibbles of value j (low) and value j + 16 (high)
    static final int BLOCK_BYTES = QS + QK / 2;  // 24

    public Q5_1Format() {
        super(GgmlType.Q5_1, GgmlType.Q8_1, BLOCK_BYTES);
    }

    @Override
    void decodeBlock(MemorySegment src, long at, float[] dst, int to) {
        float d = LittleEndian.half(src, at + D);
        float m = LittleEndian.half(src, at + M);
        int qh = LittleEndian.u32(src, at + QH);
        for (int j = 0; j < QK / 2; j++) {
            int b = LittleEndian.u8(src, at + QS + j);
            int q0 = (b & 0x0F) | ((qh >>> j) & 1) << 4;
            int q1 = (b >>> 4) | ((qh >>> (j + QK / 2)) & 1) << 4;
            dst[to + j] = q0 * d + m;
            dst[to + j + QK / 2] = q1 * d + m;
        }
    }

    @Override
    void encodeBlock(float[] x, int from, MemorySegment dst, long at) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int j = 0; j < QK; j++) {
            float v = x[from + j];
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        float d = (max - min) / 31;
        float id = d != 0 ? 1.0f / d : 0.0f;
        LittleEndian.putHalf(dst, at + D, d);
        LittleEndian.putHalf(dst, at + M, min);
        int qh = 0;
        for (int j = 0; j < QK / 2; j++) {
            // (uint8_t) of a float in [0.5, 31.5]: truncation, as in ggml
            int q0 = (int) ((x[from + j] - min) * id + 0.5f) & 0xFF;
            int q1 = (int) ((x[from + j + QK / 2] - min) * id + 0.5f) & 0xFF;
            LittleEndian.put8(dst, at + QS + j, (q0 & 0x0F) | (q1 & 0x0F) << 4);
            qh |= ((q0 & 0x10) >>> 4) << j;
            qh |= ((q1 & 0x10) >>> 4) << (j + QK / 2);
        }
        LittleEndian.put32(dst, at + QH, qh);
    }
}
