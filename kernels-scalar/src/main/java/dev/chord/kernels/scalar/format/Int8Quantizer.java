package dev.chord.kernels.scalar.format;

import java.lang.foreign.MemorySegment;

/**
 * The arithmetic q8_0 and q8_1 share: 32 values scaled by their absolute maximum onto [-127, 127].
 *
 * <p>ggml has two versions and uses both: the reference quantizer ({@code quantize_row_q8_0_ref},
 * ggml-quants.c) computes {@code d = amax / 127} and rounds {@code x * (1/d)} with {@code roundf} (halves
 * away from zero); the CPU backend's activation quantizer ({@code quantize_row_q8_0} in
 * ggml-cpu/arch/x86/quants.c, AVX/AVX2/AVX-512 builds) multiplies by {@code 127 / amax} and rounds with
 * {@code _MM_ROUND_NEAREST} (halves to even). The two give different bytes for a few values per block,
 * and llama.cpp's matmul results depend on the second.
 */
enum Int8Quantizer {
    /** {@code quantize_row_q8_0_ref} / {@code quantize_row_q8_1_ref}. */
    REFERENCE,
    /** {@code quantize_row_q8_0} / {@code quantize_row_q8_1}, x86 SIMD path. */
    X86_SIMD;

    /** {@code MAX(amax, fabsf(v))} over the block. */
    static float absMax(float[] x, int from, int n) {
        float amax = 0;
        for (int j = 0; j < n; j++) {
            amax = Math.max(amax, Math.abs(x[from + j]));
        }
        return amax;
    }

    /** The scale stored in the block for a block whose absolute maximum is {@code amax}. */
    static float scale(float amax) {
        return amax / 127;
    }

    /** Decodes {@code n} int8 values at byte {@code at} times {@code d} (q8_0's and q8_1's {@code qs}). */
    static void decode(MemorySegment src, long at, float d, float[] dst, int to, int n) {
        for (int j = 0; j < n; j++) {
            dst[to + j] = LittleEndian.i8(src, at + j) * d;
        }
    }

    /**
     * Writes {@code n} int8 values for the block at {@code x[from]} to {@code dst} at byte {@code at} and
     * returns their sum.
     */
    int quantize(float[] x, int from, int n, float amax, MemorySegment dst, long at) {
        float d = scale(amax);
        int sum = 0;
        if (this == REFERENCE) {
            float id = d != 0 ? 1.0f / d : 0.0f;
            for (int j = 0; j < n; j++) {
                int q = Rounding.halfAwayFromZero(x[from + j] * id);
                LittleEndian.put8(dst, at + j, q);
                sum += q;
            }
        } else {
            float id = amax != 0 ? 127.0f / amax : 0.0f;
            for (int j = 0; j < n; j++) {
                int q = Rounding.halfEven(x[from + j] * id);
                LittleEndian.put8(dst, at + j, q);
                sum += q;
            }
        }
        return sum;
    }
}
