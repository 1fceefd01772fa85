package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * ggml's {@code tq2_0} (ternary, for BitNet b1.58 models): 256 values in {-1, 0, 1} times one fp16 scale,
 * stored as 2-bit codes {@code q + 1}. Dot products with q8_K activations ({@code type_traits_cpu}).
 *
 * <p>Codes are interleaved in two groups of 128 values: byte m of group g (m in [0, 32)) holds values
 * {@code 128g + m + 32n} in bits {@code 2n..2n+1}, n in [0, 4).
 *
 * <p>Reference quantizer ({@code quantize_row_tq2_0_ref}): {@code d = amax},
 * {@code q = lroundf(x / d)} computed as {@code x * (1/d)}, halves away from zero.
 */
public final class TQ2_0Format extends BlockFormat {
    static final int QK = 256;
    // layout: ggml-common.h block_tq2_0 { uint8_t qs[QK_K/4]; ggml_half d; }
    private static final int QS = 0;       // 64 bytes of 2-bit codes, layout above
    private static final int D = QK / 4;   // ggml_half d at byte 64: the scale
    static final int BLOCK_BYTES = D + 2;  // 66

    public TQ2_0Format() {
        super(GgmlType.TQ2_0, GgmlType.Q8_K, BLOCK_BYTES);
    }

    @Override
    void decodeBlock(MemorySegment src, long at, float[] dst, int to) {
        float d = LittleEndian.half(src, at + D);
        int out = to;
        for (int group = 0; group < 2; group++) {
            for (int n = 0; n < 4; n++) {
                for (int m = 0; m < 32; m++) {
                    int code = (LittleEndian.u8(src, at + QS + 32 * group + m) >>> (2 * n)) & 3;
                    dst[out++] = (code - 1) * d;
                }
            }
        }
    }

    @Override
    void encodeBlock(float[] x, int from, MemorySegment dst, long at) {
        float amax = 0;
        for (int j = 0; j < QK; j++) {
            amax = Math.max(amax, Math.abs(x[from + j]));
        }
        float d = amax;
        float id = d != 0 ? 1.0f / d : 0.0f;
        LittleEndian.putHalf(dst, at + D, d);
        for (int group = 0; group < 2; group++) {
            for (int m = 0; m < 32; m++) {
                int b = 0;
                for (int n = 0; n < 4; n++) {
                    int code = Rounding.halfAwayFromZero(x[from + 128 * group + m + 32 * n] * id) + 1;
                    b |= (code & 3) << (2 * n);
                }
                LittleEndian.put8(dst, at + QS + 32 * group + m, b);
            }
        }
    }
}
