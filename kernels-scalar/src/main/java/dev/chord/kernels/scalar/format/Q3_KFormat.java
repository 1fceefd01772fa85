package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

import static dev.chord.kernels.scalar.format.KQuantMath.QK_K;
import static dev.chord.kernels.scalar.format.KQuantMath.nearestInt;
import static dev.chord.kernels.scalar.format.KQuantMath.toHalf;

/**
 * ggml's q3_K: 256 values as 16 sub-blocks of 16, each {@code x ≈ d*(sc-32)*(q-4)} with a 3-bit level q
 * (two low bits in {@code qs}, the high bit in {@code hmask}) and a 6-bit signed sub-block scale;
 * 3.4375 bits per value.
 *
 * <p>Layout (ggml-common.h {@code block_q3_K}, 110 bytes): {@code hmask[32]} at 0 (bit k of byte l is the
 * high bit of value {@code 32k + l}), {@code qs[64]} at 32 (2-bit levels, same order as q2_K),
 * {@code scales[12]} at 96 (the 16 6-bit scales: low nibbles in bytes 0-7, sub-blocks 0-7 in the low and
 * 8-15 in the high nibble; top two bits in bytes 8-11, sub-block j at byte {@code 8 + j%4}, bits
 * {@code 2*(j/4)}), fp16 {@code d} at 108. Algorithms: ggml-quants.c {@code dequantize_row_q3_K},
 * {@code quantize_row_q3_K_ref}.
 */
public final class Q3_KFormat extends SuperBlockFormat<Q3_KFormat.Scratch> {
    static final int HMASK = 0;
    static final int QS = 32;
    static final int SCALES = 96;
    static final int D = 108;
    static final int BLOCK_BYTES = 110;

    public Q3_KFormat() {
        super(GgmlType.Q3_K);
    }

    @Override
    public String description() {
        return "ggml q3_K: 16x16 sub-blocks, 3-bit levels, 6-bit signed scales, fp16 super-scale (3.4375 bpw)";
    }

    /** The 6-bit scale (0..63, biased by 32) of sub-block j from the 12 packed scale bytes. */
    private static int scale(int j, int lowByte, int highByte) {
        int low = j < 8 ? lowByte & 0xF : lowByte >> 4;
        return low | (((highByte >> (2 * (j / 4))) & 3) << 4);
    }

    @Override
    void dequantizeBlock(MemorySegment src, long off, float[] y, int yOff) {
        float dAll = half(src, off + D);
        long sc = off + SCALES;
        int is = 0;
        int m = 1;
        for (int h = 0; h < 2; h++) {
            long q = off + QS + 32L * h;
            for (int shift = 0; shift < 8; shift += 2) {
                for (int part = 0; part < 2; part++) {
                    int j = is++;
                    int s = scale(j, u8(src, sc + (j & 7)), u8(src, sc + 8 + (j & 3)));
                    float dl = dAll * (s - 32);
                    for (int l = 0; l < 16; ++l) {
                        int low = (u8(src, q + 16 * part + l) >> shift) & 3;
                        int high = (u8(src, off + HMASK + 16 * part + l) & m) != 0 ? 0 : 4;
                        y[yOff++] = dl * (low - high);
                    }
                }
                m <<= 1;
            }
        }
    }

    static final class Scratch {
        final byte[] levels = new byte[QK_K];
        final float[] scales = new float[QK_K / 16];
    }

    @Override
    Scratch newScratch() {
        return new Scratch();
    }

    @Override
    void quantizeBlock(float[] x, int xOff, byte[] out, Scratch s) {
        byte[] L = s.levels;
        float maxScale = 0;
        float amax = 0;
        for (int j = 0; j < QK_K / 16; ++j) {
            s.scales[j] = KQuantMath.makeQ3Quants(16, 4, x, xOff + 16 * j, L, 16 * j);
            float scale = Math.abs(s.scales[j]);
            if (scale > amax) {
                amax = scale;
                maxScale = s.scales[j];
            }
        }

        for (int i = 0; i < 12; i++) {
            out[SCALES + i] = 0;
        }
        short dBits;
        if (maxScale != 0) {
            float iscale = -32f / maxScale;
            for (int j = 0; j < 16; ++j) {
                int l = (byte) nearestInt(iscale * s.scales[j]);
                l = Math.max(-32, Math.min(31, l)) + 32;
                if (j < 8) {
                    out[SCALES + j] = (byte) (l & 0xF);
                } else {
                    out[SCALES + j - 8] |= (byte) ((l & 0xF) << 4);
                }
                l >>= 4;
                out[SCALES + 8 + j % 4] |= (byte) (l << (2 * (j / 4)));
            }
            dBits = toHalf(1 / iscale);
        } else {
            dBits = toHalf(0f);
        }
        putHalf(out, D, dBits);

        float dAll = KQuantMath.fromHalf(dBits);
        for (int j = 0; j < 16; ++j) {
            int sc = scale(j, out[SCALES + (j & 7)] & 0xFF, out[SCALES + 8 + (j & 3)] & 0xFF) - 32;
            float d = dAll * sc;
            if (d == 0) {
                continue; // keep the levels make_q3_quants chose
            }
            for (int ii = 0; ii < 16; ++ii) {
                int l = nearestInt(x[xOff + 16 * j + ii] / d);
                L[16 * j + ii] = (byte) (Math.max(-4, Math.min(3, l)) + 4);
            }
        }

        for (int i = 0; i < QK_K / 8; i++) {
            out[HMASK + i] = 0;
        }
        int m = 0;
        int hm = 1;
        for (int j = 0; j < QK_K; ++j) {
            if (L[j] > 3) {
                out[HMASK + m] |= (byte) hm;
                L[j] -= 4;
            }
            if (++m == QK_K / 8) {
                m = 0;
                hm <<= 1;
            }
        }
        Q2_KFormat.packTwoBit(L, out, QS);
    }
}
