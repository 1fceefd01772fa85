package dev.chord.kernels.scalar.format;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.chord.kernels.scalar.format.KQuantMath.QK_K;
import static dev.chord.kernels.scalar.format.KQuantMath.nearestInt;
import static dev.chord.kernels.scalar.format.KQuantMath.toHalf;

/**
 * The asymmetric super-block header that q4_K and q5_K share: fp16 {@code d} at byte 0, fp16 {@code dmin}
 * at 2, and at 4 twelve bytes packing eight 6-bit sub-block scales and eight 6-bit mins, so that value
 * {@code i} of sub-block {@code j} (32 values each) decodes as {@code d*sc[j]*q - dmin*m[j]}.
 * Source: ggml-common.h {@code block_q4_K}/{@code block_q5_K}; ggml-quants.c {@code get_scale_min_k4} and
 * the shared part of {@code quantize_row_q4_K_ref}/{@code quantize_row_q5_K_ref}.
 */
public final class ScaleMinBlocks {
    private ScaleMinBlocks() {
    }

    static final int D = 0;
    static final int DMIN = 2;
    static final int SCALES = 4;

    /**
     * The scale (low byte of the result) and min (next byte) of sub-block {@code j} from the packed bytes at
     * {@code scalesOff} ({@code get_scale_min_k4}): sub-blocks 0-3 keep both in the low 6 bits of bytes j
     * and j+4; sub-blocks 4-7 split them into a nibble of byte j+4 and the top two bits of bytes j-4
     * (scale) and j (min).
     */
    public static int scaleMin(int j, MemorySegment s, long scalesOff) {
        if (j < 4) {
            return (u8(s, scalesOff + j) & 63) | ((u8(s, scalesOff + j + 4) & 63) << 8);
        }
        int mixed = u8(s, scalesOff + j + 4);
        int sc = (mixed & 0xF) | ((u8(s, scalesOff + j - 4) >> 6) << 4);
        int m = (mixed >> 4) | ((u8(s, scalesOff + j) >> 6) << 4);
        return sc | (m << 8);
    }

    private static int u8(MemorySegment s, long off) {
        return s.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
    }

    /** Inverse of {@link #scaleMin}: stores sub-block j's 6-bit scale and min; sub-blocks must come in order 0..7. */
    static void pack(int j, int ls, int lm, byte[] out, int scalesOff) {
        if (j < 4) {
            out[scalesOff + j] = (byte) ls;
            out[scalesOff + j + 4] = (byte) lm;
        } else {
            out[scalesOff + j + 4] = (byte) ((ls & 0xF) | ((lm & 0xF) << 4));
            out[scalesOff + j - 4] |= (byte) ((ls >> 4) << 6);
            out[scalesOff + j] |= (byte) ((lm >> 4) << 6);
        }
    }

    /** Scratch of {@link #quantizeHeader}. */
    static final class Scratch {
        final byte[] levels = new byte[QK_K];
        final byte[] laux = new byte[32];
        final float[] weights = new float[32];
        final float[] scales = new float[QK_K / 32];
        final float[] mins = new float[QK_K / 32];
        final int[] ls = new int[QK_K / 32];
        final int[] lm = new int[QK_K / 32];
    }

    /**
     * Fits each 32-value sub-block with {@code make_qkx2_quants} (weights {@code rms + |x|}), quantizes the
     * scales and mins to 6 bits against the block's largest, writes the header into {@code out}, and
     * leaves in {@code s.levels} each value re-quantized against its stored scale and min (levels 0..nmax).
     */
    static void quantizeHeader(float[] x, int xOff, byte[] out, Scratch s, int nmax, float rmin, int nstep) {
        byte[] L = s.levels;
        float maxScale = 0;
        float maxMin = 0;
        for (int j = 0; j < QK_K / 32; ++j) {
            int base = xOff + 32 * j;
            float sumX2 = 0;
            for (int l = 0; l < 32; ++l) {
                sumX2 += x[base + l] * x[base + l];
            }
            float avX = (float) Math.sqrt(sumX2 / 32);
            for (int l = 0; l < 32; ++l) {
                s.weights[l] = avX + Math.abs(x[base + l]);
            }
            float scale = KQuantMath.makeQkx2Quants(32, nmax, x, base, s.weights, L, 32 * j, s.mins, j, s.laux,
                    rmin, 0.1f, nstep, false);
            s.scales[j] = scale;
            if (scale > maxScale) {
                maxScale = scale;
            }
            if (s.mins[j] > maxMin) {
                maxMin = s.mins[j];
            }
        }

        float invScale = maxScale > 0 ? 63f / maxScale : 0f;
        float invMin = maxMin > 0 ? 63f / maxMin : 0f;
        for (int j = 0; j < QK_K / 32; ++j) {
            // ggml stores nearest_int's result in a uint8_t before clamping to 63
            int ls = Math.min(63, nearestInt(invScale * s.scales[j]) & 0xFF);
            int lm = Math.min(63, nearestInt(invMin * s.mins[j]) & 0xFF);
            s.ls[j] = ls;
            s.lm[j] = lm;
            pack(j, ls, lm, out, SCALES);
        }
        short dBits = toHalf(maxScale / 63f);
        short dminBits = toHalf(maxMin / 63f);
        SuperBlockFormat.putHalf(out, D, dBits);
        SuperBlockFormat.putHalf(out, DMIN, dminBits);

        float dAll = KQuantMath.fromHalf(dBits);
        float dminAll = KQuantMath.fromHalf(dminBits);
        for (int j = 0; j < QK_K / 32; ++j) {
            // ggml re-reads these from the packed bytes; packing 6-bit values is lossless
            float d = dAll * s.ls[j];
            if (d == 0) {
                continue; // keep the levels make_qkx2_quants chose
            }
            float dm = dminAll * s.lm[j];
            for (int ii = 0; ii < 32; ++ii) {
                int l = nearestInt((x[xOff + 32 * j + ii] + dm) / d);
                L[32 * j + ii] = (byte) Math.max(0, Math.min(nmax, l));
            }
        }
    }
}
