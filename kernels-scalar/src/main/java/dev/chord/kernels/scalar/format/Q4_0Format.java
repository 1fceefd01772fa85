package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * ggml's {@code q4_0}: 32 values as 4-bit integers q in [0, 15] meaning {@code (q - 8) * d}, one fp16
 * scale per block. Dot products with q8_0 activations ({@code type_traits_cpu}).
 *
 * <p>Reference quantizer ({@code quantize_row_q4_0_ref}, ggml-quants.c): {@code d = max / -8} where max is
 * the value of largest magnitude (the first one, if several tie), so that value maps exactly to q = 0;
 * then {@code q = min(15, trunc(x / d + 8.5))}, computed as {@code x * (1/d)}.
 */
public final class Q4_0Format extends BlockFormat {
    static final int QK = 32;
    // layout: ggml-common.h block_q4_0 { ggml_half d; uint8_t qs[QK4_0/2]; }
    private static final int D = 0;   // ggml_half d: the scale
    private static final int QS = 2;  // byte j holds value j (low nibble) and value j + 16 (high nibble)
    static final int BLOCK_BYTES = QS + QK / 2;  // 18

    public Q4_0Format() {
        super(GgmlType.Q4_0, GgmlType.Q8_0, BLOCK_BYTES);
    }

    @Override
    void decodeBlock(MemorySegment src, long at, float[] dst, int to) {
        float d = LittleEndian.half(src, at + D);
        for (int j = 0; j < QK / 2; j++) {
            int b = LittleEndian.u8(src, at + QS + j);
            dst[to + j] = ((b & 0x0F) - 8) * d;
            dst[to + j + QK / 2] = ((b >>> 4) - 8) * d;
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
        float d = max / -8;
        float id = d != 0 ? 1.0f / d : 0.0f;
        LittleEndian.putHalf(dst, at + D, d);
        for (int j = 0; j < QK / 2; j++) {
            int q0 = Math.min(15, (int) (x[from + j] * id + 8.5f));
            int q1 = Math.min(15, (int) (x[from + j + QK / 2] * id + 8.5f));
            LittleEndian.put8(dst, at + QS + j, q0 | q1 << 4);
        }
    }
}
