package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

import static dev.chord.kernels.scalar.format.KQuantMath.QK_K;
import static dev.chord.kernels.scalar.format.KQuantMath.nearestInt;
import static dev.chord.kernels.scalar.format.KQuantMath.toHalf;

/**
 * ggml's q2_K: 256 values as 16 sub-blocks of 16, each {@code x ≈ d*sc*q - dmin*m} with a 2-bit level q
 * and 4-bit sub-block scale sc and min m; 2.625 bits per value.
 *
 * <p>Layout (ggml-common.h {@code block_q2_K}, 84 bytes): {@code scales[16]} (low nibble scale, high
 * nibble min) at 0, {@code qs[64]} at 16 (four 2-bit levels per byte: byte {@code 32*h + l} holds values
 * {@code 128*h + l + 32*k} in bits {@code 2k}), fp16 {@code d} at 80, fp16 {@code dmin} at 82.
 * Algorithms: ggml-quants.c {@code dequantize_row_q2_K}, {@code quantize_row_q2_K_ref}.
 */
public final class Q2_KFormat extends SuperBlockFormat<Q2_KFormat.Scratch> {
    static final int SCALES = 0;
    static final int QS = 16;
    static final int D = 80;
    static final int DMIN = 82;
    static final int BLOCK_BYTES = 84;

    public Q2_KFormat() {
        super(GgmlType.Q2_K);
    }

    @Override
    public String description() {
        return "ggml q2_K: 16x16 sub-blocks, 2-bit levels, 4-bit scales and mins, fp16 super-scales (2.625 bpw)";
    }

    @Override
    void dequantizeBlock(MemorySegment src, long off, float[] y, int yOff) {
        float d = half(src, off + D);
        float min = half(src, off + DMIN);
        int is = 0;
        for (int h = 0; h < 2; h++) {
            long q = off + QS + 32L * h;
            for (int shift = 0; shift < 8; shift += 2) {
                for (int part = 0; part < 2; part++) {
                    int sc = u8(src, off + SCALES + is++);
                    float dl = d * (sc & 0xF);
                    float ml = min * (sc >> 4);
                    for (int l = 0; l < 16; ++l) {
                        y[yOff++] = dl * ((u8(src, q + 16 * part + l) >> shift) & 3) - ml;
                    }
                }
            }
        }
    }

    static final class Scratch {
        final byte[] levels = new byte[QK_K];
        final byte[] laux = new byte[16];
        final float[] weights = new float[16];
        final float[] scales = new float[QK_K / 16];
        final float[] mins = new float[QK_K / 16];
    }

    @Override
    Scratch newScratch() {
        return new Scratch();
    }

    @Override
    void quantizeBlock(float[] x, int xOff, byte[] out, Scratch s) {
        byte[] L = s.levels;
        float maxScale = 0;
        float maxMin = 0;
        for (int j = 0; j < QK_K / 16; ++j) {
            for (int l = 0; l < 16; ++l) {
                s.weights[l] = Math.abs(x[xOff + 16 * j + l]);
            }
            float scale = KQuantMath.makeQkx2Quants(16, 3, x, xOff + 16 * j, s.weights, L, 16 * j,
                    s.mins, j, s.laux, -0.5f, 0.1f, 15, true);
            s.scales[j] = scale;
            if (scale > maxScale) {
                maxScale = scale;
            }
            if (s.mins[j] > maxMin) {
                maxMin = s.mins[j];
            }
        }

        short dBits;
        if (maxScale > 0) {
            float iscale = 15f / maxScale;
            for (int j = 0; j < 16; ++j) {
                out[SCALES + j] = (byte) nearestInt(iscale * s.scales[j]);
            }
            dBits = toHalf(maxScale / 15f);
        } else {
            for (int j = 0; j < 16; ++j) {
                out[SCALES + j] = 0;
            }
            dBits = toHalf(0f);
        }
        short dminBits;
        if (maxMin > 0) {
            float iscale = 15f / maxMin;
            for (int j = 0; j < 16; ++j) {
                out[SCALES + j] |= (byte) (nearestInt(iscale * s.mins[j]) << 4);
            }
            dminBits = toHalf(maxMin / 15f);
        } else {
            dminBits = toHalf(0f);
        }
        putHalf(out, D, dBits);
        putHalf(out, DMIN, dminBits);

        float dAll = KQuantMath.fromHalf(dBits);
        float dminAll = KQuantMath.fromHalf(dminBits);
        for (int j = 0; j < 16; ++j) {
            int sc = out[SCALES + j] & 0xFF;
            float d = dAll * (sc & 0xF);
            if (d == 0) {
                continue; // keep the levels make_qkx2_quants chose
            }
            float dm = dminAll * (sc >> 4);
            for (int ii = 0; ii < 16; ++ii) {
                int l = nearestInt((x[xOff + 16 * j + ii] + dm) / d);
                L[16 * j + ii] = (byte) Math.max(0, Math.min(3, l));
            }
        }
        packTwoBit(L, out, QS);
    }

    /** Four 2-bit levels per byte, ggml's q2_K/q3_K order: byte {@code 32h+l} = values {@code 128h+l+32k} at bits 2k. */
    static void packTwoBit(byte[] L, byte[] out, int qsOff) {
        for (int j = 0; j < QK_K; j += 128) {
            for (int l = 0; l < 32; ++l) {
                out[qsOff + j / 4 + l] = (byte) (L[j + l] | (L[j + l + 32] << 2) | (L[j + l + 64] << 4) | (L[j + l + 96] << 6));
            }
        }
    }
}
