package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

import static dev.chord.kernels.scalar.format.KQuantMath.IQ4NL_VALUES;
import static dev.chord.kernels.scalar.format.KQuantMath.QK_K;
import static dev.chord.kernels.scalar.format.KQuantMath.nearestInt;
import static dev.chord.kernels.scalar.format.KQuantMath.toHalf;

/**
 * ggml's iq4_xs: 256 values as 8 sub-blocks of 32, each {@code x ≈ d*(ls-32)*kvalues[q]} with a 4-bit
 * index q into the non-linear IQ4_NL codebook and a 6-bit sub-block scale ls; 4.25 bits per value.
 *
 * <p>Layout (ggml-common.h {@code block_iq4_xs}, 136 bytes): fp16 {@code d} at 0, {@code uint16 scales_h}
 * at 2 (top two bits of sub-block ib's scale at bits {@code 2ib}), {@code scales_l[4]} at 4 (low four
 * bits, sub-block ib in nibble {@code ib%2} of byte {@code ib/2}), {@code qs[128]} at 8 (sub-block ib in
 * bytes {@code 16ib..16ib+15}: value j in the low nibble, value j+16 in the high one).
 *
 * <p>Quantizer: what {@code ggml_quantize_chunk} runs without an importance matrix, i.e.
 * {@code quantize_iq4_xs} → {@code quantize_row_iq4_nl_impl(QK_K, 32, ..., ntry = 7)} with weights
 * {@code x*x} (ggml-quants.c); decoder: {@code dequantize_row_iq4_xs}.
 */
public final class IQ4_XSFormat extends SuperBlockFormat<IQ4_XSFormat.Scratch> {
    static final int D = 0;
    static final int SCALES_H = 2;
    static final int SCALES_L = 4;
    static final int QS = 8;
    static final int BLOCK_BYTES = 136;

    /** Candidate inverse scales tried on each side of the first guess (ggml passes 7). */
    private static final int NTRY = 7;

    public IQ4_XSFormat() {
        super(GgmlType.IQ4_XS);
    }

    @Override
    public String description() {
        return "ggml iq4_xs: 8x32 sub-blocks, 4-bit non-linear codebook, 6-bit scales, fp16 super-scale (4.25 bpw)";
    }

    @Override
    void dequantizeBlock(MemorySegment src, long off, float[] y, int yOff) {
        float d = half(src, off + D);
        int scalesH = src.get(HALF, off + SCALES_H) & 0xFFFF;
        for (int ib = 0; ib < QK_K / 32; ++ib) {
            int ls = ((u8(src, off + SCALES_L + ib / 2) >> (4 * (ib % 2))) & 0xF) | (((scalesH >> (2 * ib)) & 3) << 4);
            float dl = d * (ls - 32);
            long qs = off + QS + 16L * ib;
            for (int j = 0; j < 16; ++j) {
                int q = u8(src, qs + j);
                y[yOff + j] = dl * IQ4NL_VALUES[q & 0xF];
                y[yOff + j + 16] = dl * IQ4NL_VALUES[q >> 4];
            }
            yOff += 32;
        }
    }

    static final class Scratch {
        final float[] scales = new float[QK_K / 32];
        final byte[] levels = new byte[QK_K];
    }

    @Override
    Scratch newScratch() {
        return new Scratch();
    }

    @Override
    void quantizeBlock(float[] x, int xOff, byte[] out, Scratch s) {
        float maxScale = 0;
        float amaxScale = 0;
        for (int ib = 0; ib < QK_K / 32; ++ib) {
            float d = KQuantMath.iq4BlockScale(x, xOff + 32 * ib, 32, NTRY);
            s.scales[ib] = d;
            float absD = Math.abs(d);
            if (absD > amaxScale) {
                amaxScale = absD;
                maxScale = d;
            }
        }

        float d = -maxScale / 32;
        putHalf(out, D, toHalf(d));
        float id = d != 0 ? 1 / d : 0f;
        int scalesH = 0;
        byte[] L = s.levels;
        for (int ib = 0; ib < QK_K / 32; ++ib) {
            int l = Math.max(-32, Math.min(31, nearestInt(id * s.scales[ib])));
            // the levels are chosen against the unrounded float scale, as in ggml
            float dl = d * l;
            float idl = dl != 0 ? 1 / dl : 0f;
            for (int j = 0; j < 32; ++j) {
                L[32 * ib + j] = (byte) KQuantMath.bestIndexIq4(idl * x[xOff + 32 * ib + j]);
            }
            l += 32;
            if (ib % 2 == 0) {
                out[SCALES_L + ib / 2] = (byte) (l & 0xF);
            } else {
                out[SCALES_L + ib / 2] |= (byte) ((l & 0xF) << 4);
            }
            scalesH |= (l >> 4) << (2 * ib);
        }
        putHalf(out, SCALES_H, (short) scalesH);

        for (int ib = 0; ib < QK_K / 32; ++ib) {
            for (int j = 0; j < 16; ++j) {
                out[QS + 16 * ib + j] = (byte) (L[32 * ib + j] | (L[32 * ib + 16 + j] << 4));
            }
        }
    }
}
