package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * ggml's {@code q4_1}: 32 values as 4-bit integers q in [0, 15] meaning {@code q * d + m}, with an fp16
 * scale d and an fp16 minimum m per block. Dot products with q8_1 activations ({@code type_traits_cpu}),
 * whose stored sum lets the kernel apply m once per block.
 *
 * <p>Reference quantizer ({@code quantize_row_q4_1_ref}): {@code d = (max - min) / 15},
 * {@code q = min(15, trunc((x - min) / d + 0.5))}, computed with {@code 1/d}.
 */
public final class Q4_1Format extends BlockFormat {
    static final int QK = 32;
    // layout: ggml-common.h block_q4_1 { ggml_half d; ggml_half m; uint8_t qs[QK4_1/2]; }
    private static final int D = 0;   // ggml_half d: the scale
    private static final int M = 2;   // ggml_half m: the block's minimum
    private static final int QS = 4;  // byte j holds value j (low nibble) and value j + 16 (high nibble)
    static final int BLOCK_BYTES = QS + QK / 2;  // 20

    public Q4_1Format() {
        super(GgmlType.Q4_1, GgmlType.Q8_1, BLOCK_BYTES);
    }

    @Override
    void decodeBlock(MemorySegment src, long at, float[] dst, int to) {
        float d = LittleEndian.half(src, at + D);
        float m = LittleEndian.half(src, at + M);
        for (int j = 0; j < QK / 2; j++) {
            int b = LittleEndian.u8(src, at + QS + j);
            dst[to + j] = (b & 0x0F) * d + m;
            dst[to + j + QK / 2] = (b >>> 4) * d + m;
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
        float d = (max - min) / 15;
        float id = d != 0 ? 1.0f / d : 0.0f;
        LittleEndian.putHalf(dst, at + D, d);
        LittleEndian.putHalf(dst, at + M, min);
        for (int j = 0; j < QK / 2; j++) {
            int q0 = Math.min(15, (int) ((x[from + j] - min) * id + 0.5f));
            int q1 = Math.min(15, (int) ((x[from + j + QK / 2] - min) * id + 0.5f));
            LittleEndian.put8(dst, at + QS + j, q0 | q1 << 4);
        }
    }
}
