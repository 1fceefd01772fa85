package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import static dev.chord.kernels.scalar.format.KQuantMath.GROUP_MAX_EPS;
import static dev.chord.kernels.scalar.format.KQuantMath.QK_K;
import static dev.chord.kernels.scalar.format.KQuantMath.nearestInt;
import static dev.chord.kernels.scalar.format.KQuantMath.toHalf;

/**
 * ggml's q6_K: 256 values as 16 sub-blocks of 16, each {@code x ≈ d*sc*(q-32)} with a 6-bit level q and
 * an 8-bit signed sub-block scale; 6.5625 bits per value.
 *
 * <p>Layout (ggml-common.h {@code block_q6_K}, 210 bytes): {@code ql[128]} at 0 (low four bits), {@code
 * qh[64]} at 128 (top two bits), {@code int8 scales[16]} at 192, fp16 {@code d} at 208. In each half h of
 * 128 values, value {@code 128h + 32k + l} (k = 0..3, l = 0..31) has its low bits in nibble {@code k/2}
 * of {@code ql[64h + 32*(k%2) + l]} and its high bits at bits {@code 2k} of {@code qh[32h + l]}.
 * Algorithms: ggml-quants.c {@code dequantize_row_q6_K}, {@code quantize_row_q6_K_ref}.
 */
public final class Q6_KFormat extends SuperBlockFormat<Q6_KFormat.Scratch> {
    static final int QL = 0;
    static final int QH = 128;
    static final int SCALES = 192;
    static final int D = 208;
    static final int BLOCK_BYTES = 210;

    public Q6_KFormat() {
        super(GgmlType.Q6_K);
    }

    @Override
    public String description() {
        return "ggml q6_K: 16x16 sub-blocks, 6-bit levels, 8-bit signed scales, fp16 super-scale (6.5625 bpw)";
    }

    @Override
    void dequantizeBlock(MemorySegment src, long off, float[] y, int yOff) {
        float d = half(src, off + D);
        for (int h = 0; h < 2; h++) {
            long ql = off + QL + 64L * h;
            long qh = off + QH + 32L * h;
            long sc = off + SCALES + 8L * h;
            int base = yOff + 128 * h;
            for (int l = 0; l < 32; ++l) {
                int is = l / 16;
                int lo = u8(src, ql + l);
                int hi = u8(src, ql + l + 32);
                int top = u8(src, qh + l);
                int q1 = ((lo & 0xF) | (((top >> 0) & 3) << 4)) - 32;
                int q2 = ((hi & 0xF) | (((top >> 2) & 3) << 4)) - 32;
                int q3 = ((lo >> 4) | (((top >> 4) & 3) << 4)) - 32;
                int q4 = ((hi >> 4) | (((top >> 6) & 3) << 4)) - 32;
                y[base + l] = d * scale(src, sc + is) * q1;
                y[base + l + 32] = d * scale(src, sc + is + 2) * q2;
                y[base + l + 64] = d * scale(src, sc + is + 4) * q3;
                y[base + l + 96] = d * scale(src, sc + is + 6) * q4;
            }
        }
    }

    private static int scale(MemorySegment src, long off) {
        return src.get(ValueLayout.JAVA_BYTE, off);
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
        float maxAbsScale = 0;
        for (int ib = 0; ib < QK_K / 16; ++ib) {
            float scale = KQuantMath.makeQxQuants(16, 32, x, xOff + 16 * ib, L, 16 * ib);
            s.scales[ib] = scale;
            float absScale = Math.abs(scale);
            if (absScale > maxAbsScale) {
                maxAbsScale = absScale;
                maxScale = scale;
            }
        }

        if (maxAbsScale < GROUP_MAX_EPS) {
            Arrays.fill(out, (byte) 0);
            putHalf(out, D, toHalf(0f));
            return;
        }

        float iscale = -128f / maxScale;
        short dBits = toHalf(1 / iscale);
        putHalf(out, D, dBits);
        for (int ib = 0; ib < QK_K / 16; ++ib) {
            out[SCALES + ib] = (byte) Math.min(127, nearestInt(iscale * s.scales[ib]));
        }

        float dAll = KQuantMath.fromHalf(dBits);
        for (int j = 0; j < QK_K / 16; ++j) {
            float d = dAll * out[SCALES + j];
            if (d == 0) {
                continue; // keep the levels make_qx_quants chose
            }
            for (int ii = 0; ii < 16; ++ii) {
                int l = nearestInt(x[xOff + 16 * j + ii] / d);
                L[16 * j + ii] = (byte) (Math.max(-32, Math.min(31, l)) + 32);
            }
        }

        for (int h = 0; h < 2; h++) {
            int j = 128 * h;
            for (int l = 0; l < 32; ++l) {
                int q1 = L[j + l] & 0xF;
                int q2 = L[j + l + 32] & 0xF;
                int q3 = L[j + l + 64] & 0xF;
                int q4 = L[j + l + 96] & 0xF;
                out[QL + 64 * h + l] = (byte) (q1 | (q3 << 4));
                out[QL + 64 * h + l + 32] = (byte) (q2 | (q4 << 4));
                out[QH + 32 * h + l] = (byte) ((L[j + l] >> 4) | ((L[j + l + 32] >> 4) << 2)
                        | ((L[j + l + 64] >> 4) << 4) | ((L[j + l + 96] >> 4) << 6));
            }
        }
    }
}
