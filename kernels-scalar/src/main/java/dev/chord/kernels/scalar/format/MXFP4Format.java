package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * ggml's {@code mxfp4} (OCP Microscaling FP4): 32 E2M1 values sharing one E8M0 power-of-two scale.
 * ggml stores the E2M1 values as indices into {@code kvalues_mxfp4} = {0, 1, 2, 3, 4, 6, 8, 12} and their
 * negatives (twice the E2M1 values, so they are integers) and compensates with half the E8M0 scale:
 * value = {@code level * 2^(e - 128)} ({@code GGML_E8M0_TO_FP32_HALF}, ggml-impl.h). Dot products with
 * q8_0 activations ({@code type_traits_cpu}).
 *
 * <p>Reference quantizer ({@code quantize_row_mxfp4_ref}): {@code e = floor(log2(amax)) - 2 + 127} (0 for
 * an all-zero block), so the largest level 12 times the scale reaches between 0.75·amax and 1.5·amax, and
 * each value takes the level of smallest {@code |level * d - x|}, the lower index on ties. Like ggml's
 * {@code (uint8_t)} cast on x86, an exponent below 0 (amax under 2^-125) wraps modulo 256.
 */
public final class MXFP4Format extends BlockFormat {
    static final int QK = 32;
    // layout: ggml-common.h block_mxfp4 { uint8_t e; uint8_t qs[QK_MXFP4/2]; }
    private static final int E = 0;   // uint8_t e: E8M0 exponent, scale 2^(e - 127)
    private static final int QS = 1;  // byte j: index of value j (low nibble) and value j + 16 (high nibble)
    static final int BLOCK_BYTES = QS + QK / 2;  // 17

    /** ggml-common.h {@code kvalues_mxfp4}: E2M1 values doubled; index 8 is negative zero, decoded as 0. */
    static final byte[] LEVELS = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};

    private static final double LN_2 = Math.log(2);

    public MXFP4Format() {
        super(GgmlType.MXFP4, GgmlType.Q8_0, BLOCK_BYTES);
    }

    /** {@code ggml_e8m0_to_fp32_half}: 2^(e - 128), subnormal for e = 0 and 1. */
    static float halfScale(int e) {
        int bits = e < 2 ? 0x0020_0000 << e : (e - 1) << 23;
        return Float.intBitsToFloat(bits);
    }

    @Override
    void decodeBlock(MemorySegment src, long at, float[] dst, int to) {
        float d = halfScale(LittleEndian.u8(src, at + E));
        for (int j = 0; j < QK / 2; j++) {
            int b = LittleEndian.u8(src, at + QS + j);
            dst[to + j] = LEVELS[b & 0x0F] * d;
            dst[to + j + QK / 2] = LEVELS[b >>> 4] * d;
        }
    }

    @Override
    void encodeBlock(float[] x, int from, MemorySegment dst, long at) {
        float amax = 0;
        for (int j = 0; j < QK; j++) {
            float ax = Math.abs(x[from + j]);
            if (amax < ax) {
                amax = ax;
            }
        }
        // (uint8_t) of the float exponent: x86 converts to int32 and keeps the low byte
        int e = amax > 0 ? (int) (floorLog2(amax) - 2 + 127) & 0xFF : 0;
        float d = halfScale(e);
        LittleEndian.put8(dst, at + E, e);
        for (int j = 0; j < QK / 2; j++) {
            int l0 = nearestLevel(x[from + j], d);
            int l1 = nearestLevel(x[from + j + QK / 2], d);
            LittleEndian.put8(dst, at + QS + j, l0 | l1 << 4);
        }
    }

    /**
     * {@code floorf(log2f(a))} for a positive finite float. log2f is rounded to float before the floor, so
     * a value just below a power of two (log2 = 4.99999999) counts as that power (5), as in ggml; computing
     * log2 in double and rounding once to float reproduces glibc's log2f, which also evaluates in double and
     * rounds once.
     */
    static float floorLog2(float a) {
        float log2 = (float) (Math.log(a) / LN_2);
        return (float) Math.floor(log2);
    }

    /** ggml's {@code best_index_mxfp4}: the first index of smallest {@code |level * d - x|}. */
    static int nearestLevel(float x, float d) {
        int best = 0;
        float bestErr = Math.abs(LEVELS[0] * d - x);
        for (int i = 1; i < LEVELS.length; i++) {
            float err = Math.abs(LEVELS[i] * d - x);
            if (err < bestErr) {
                best = i;
                bestErr = err;
            }
        }
        return best;
    }
}
