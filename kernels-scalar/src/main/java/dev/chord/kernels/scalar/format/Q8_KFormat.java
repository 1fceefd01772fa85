package dev.chord.kernels.scalar.format;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import static dev.chord.kernels.scalar.format.KQuantMath.QK_K;
import static dev.chord.kernels.scalar.format.KQuantMath.nearestInt;

/**
 * ggml's q8_K, the activation format of the K-quants: 256 values {@code x ≈ d*q} with an 8-bit level and
 * an fp32 scale, plus the sums of each 16 levels so that dot products can fold in a weight's min.
 *
 * <p>Layout (ggml-common.h {@code block_q8_K}, 292 bytes): fp32 {@code d} at 0, {@code int8 qs[256]} at 4,
 * {@code int16 bsums[16]} at 260 (bsums[j] = sum of qs[16j .. 16j+15]). Algorithms: ggml-quants.c
 * {@code dequantize_row_q8_K}, {@code quantize_row_q8_K_ref}; the x86 CPU backend's
 * {@code quantize_row_q8_K} (ggml-cpu/arch/x86/quants.c) calls the reference, so activations are
 * quantized by the same code.
 */
public final class Q8_KFormat extends SuperBlockFormat<Void> {
    static final int D = 0;
    static final int QS = 4;
    static final int BSUMS = 260;
    static final int BLOCK_BYTES = 292;

    public Q8_KFormat() {
        super(GgmlType.Q8_K);
    }

    @Override
    public String description() {
        return "ggml q8_K: 256 8-bit levels, fp32 scale, 16-value sums (K-quant activations, 9.125 bpw)";
    }

    @Override
    void dequantizeBlock(MemorySegment src, long off, float[] y, int yOff) {
        float d = src.get(FLOAT, off + D);
        for (int j = 0; j < QK_K; ++j) {
            y[yOff + j] = d * src.get(ValueLayout.JAVA_BYTE, off + QS + j);
        }
    }

    @Override
    Void newScratch() {
        return null;
    }

    @Override
    void quantizeBlock(float[] x, int xOff, byte[] out, Void unused) {
        float max = 0;
        float amax = 0;
        for (int j = 0; j < QK_K; ++j) {
            float ax = Math.abs(x[xOff + j]);
            if (ax > amax) {
                amax = ax;
                max = x[xOff + j];
            }
        }
        if (amax == 0) {
            // ggml writes d = 0 and zero levels and leaves bsums unset; Chord writes zero sums, which is
            // what they are.
            Arrays.fill(out, (byte) 0);
            return;
        }
        // ggml: -127 rather than -128 "for IQ2_XXS, else the AVX implementation becomes very awkward"
        float iscale = -127f / max;
        for (int j = 0; j < QK_K; ++j) {
            out[QS + j] = (byte) Math.min(127, nearestInt(iscale * x[xOff + j]));
        }
        for (int j = 0; j < QK_K / 16; ++j) {
            int sum = 0;
            for (int ii = 0; ii < 16; ++ii) {
                sum += out[QS + 16 * j + ii];
            }
            out[BSUMS + 2 * j] = (byte) sum;
            out[BSUMS + 2 * j + 1] = (byte) (sum >> 8);
        }
        int dBits = Float.floatToRawIntBits(1 / iscale);
        for (int k = 0; k < 4; k++) {
            out[D + k] = (byte) (dBits >> (8 * k));
        }
    }
}
