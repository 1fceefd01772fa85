package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * ggml's {@code iq4_nl}: 32 values as 4-bit indices into a fixed non-linear codebook of 16 int8 levels
 * ({@code kvalues_iq4nl}, ggml-common.h), meaning {@code d * level}, one fp16 scale per block. Dot products
 * with q8_0 activations ({@code type_traits_cpu}).
 *
 * <p>The quantizer is what {@code ggml_quantize_chunk} runs without an importance matrix
 * ({@code quantize_iq4_nl} → {@code quantize_row_iq4_nl_impl} with {@code ntry = 7}, ggml-quants.c), which
 * is how llama.cpp writes model files: a weighted least-squares search for the scale, with weights
 * {@code x²}. Starting from {@code d = max / 127} (max: the first value of largest magnitude) it maps every
 * value to its nearest level, takes the scale that best fits those levels, then tries the 15 scales
 * {@code max / (itry - 127)}, itry in [-7, 7], keeping the one whose best fit explains the most; finally it
 * maps every value to its nearest level under the chosen scale. Blocks whose absolute maximum is below
 * 1e-15 get scale 0.
 *
 * <p>Newer llama.cpp releases changed {@code quantize_row_iq4_nl_ref} itself to a cheaper search
 * ({@code ntry = -1}); the llama.cpp that made the fixtures, and llama.cpp's model writer in every release,
 * use the search above.
 */
public final class IQ4_NLFormat extends BlockFormat {
    static final int QK = 32;
    // layout: ggml-common.h block_iq4_nl { ggml_half d; uint8_t qs[QK4_NL/2]; }
    private static final int D = 0;   // ggml_half d: the scale
    private static final int QS = 2;  // byte j: index of value j (low nibble) and value j + 16 (high nibble)
    static final int BLOCK_BYTES = QS + QK / 2;  // 18

    /** ggml-common.h {@code kvalues_iq4nl}: the codebook, sorted ascending. */
    static final byte[] LEVELS = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    /** The codebook (a copy), for kernels that decode iq4_nl blocks themselves. */
    public static byte[] levels() {
        return LEVELS.clone();
    }

    private static final float GROUP_MAX_EPS = 1e-15f;  // ggml-quants.c
    private static final int NTRY = 7;

    public IQ4_NLFormat() {
        super(GgmlType.IQ4_NL, GgmlType.Q8_0, BLOCK_BYTES);
    }

    @Override
    void decodeBlock(MemorySegment src, long at, float[] dst, int to) {
        float d = LittleEndian.half(src, at + D);
        for (int j = 0; j < QK / 2; j++) {
            int b = LittleEndian.u8(src, at + QS + j);
            dst[to + j] = d * LEVELS[b & 0x0F];
            dst[to + j + QK / 2] = d * LEVELS[b >>> 4];
        }
    }

    @Override
    void encodeBlock(float[] x, int from, MemorySegment dst, long at) {
        float scale = bestScale(x, from);
        LittleEndian.putHalf(dst, at + D, scale);
        // The indices come from the unrounded scale, as in ggml.
        float id = scale != 0 ? 1 / scale : 0;
        for (int j = 0; j < QK / 2; j++) {
            int l0 = nearestLevel(id * x[from + j]);
            int l1 = nearestLevel(id * x[from + j + QK / 2]);
            LittleEndian.put8(dst, at + QS + j, l0 | l1 << 4);
        }
    }

    /** The scale of {@code quantize_row_iq4_nl_impl}'s search (no importance matrix: weights are x²). */
    private static float bestScale(float[] x, int from) {
        float amax = 0;
        float max = 0;
        for (int j = 0; j < QK; j++) {
            float ax = Math.abs(x[from + j]);
            if (ax > amax) {
                amax = ax;
                max = x[from + j];
            }
        }
        if (amax < GROUP_MAX_EPS) {
            return 0;
        }
        float d = -max / LEVELS[0];
        float sumqx = 0;
        float sumq2 = 0;
        float id = 1 / d;
        for (int j = 0; j < QK; j++) {
            float xj = x[from + j];
            float q = LEVELS[nearestLevel(id * xj)];
            float w = xj * xj;
            sumqx += w * q * xj;
            sumq2 += w * q * q;
        }
        d = sumq2 > 0 ? sumqx / sumq2 : 0.f;
        float best = d * sumqx;
        for (int itry = -NTRY; itry <= NTRY; itry++) {
            id = (itry + LEVELS[0]) / max;
            sumqx = 0;
            sumq2 = 0;
            for (int j = 0; j < QK; j++) {
                float xj = x[from + j];
                float q = LEVELS[nearestLevel(id * xj)];
                float w = xj * xj;
                sumqx += w * q * xj;
                sumq2 += w * q * q;
            }
            if (sumq2 > 0 && sumqx * sumqx > best * sumq2) {
                d = sumqx / sumq2;
                best = d * sumqx;
            }
        }
        return d;
    }

    /** {@code LEVELS[j - 1] + LEVELS[j]}: twice the midpoint below level j (exact in float). */
    private static final float[] MIDPOINTS_X2 = new float[LEVELS.length];

    static {
        for (int j = 1; j < LEVELS.length; j++) {
            MIDPOINTS_X2[j] = LEVELS[j - 1] + LEVELS[j];
        }
    }

    /**
     * ggml's {@code best_index_int8}: the index of the level nearest to {@code v}, the upper one on an exact
     * tie. A binary search comparing {@code 2v} with twice the midpoints, so every comparison is exact;
     * unrolled for the 16 levels (this search runs 16 times per value while quantizing).
     */
    static int nearestLevel(float v) {
        float v2 = v + v;
        int idx = v2 >= MIDPOINTS_X2[8] ? 8 : 0;
        idx = v2 >= MIDPOINTS_X2[idx + 4] ? idx + 4 : idx;
        idx = v2 >= MIDPOINTS_X2[idx + 2] ? idx + 2 : idx;
        idx = v2 >= MIDPOINTS_X2[idx + 1] ? idx + 1 : idx;
        return idx;
    }
}
