package dev.chord.kernels.scalar.int8;

/**
 * The lanes of ggml's x86 accumulators. An AVX2 dot product in arch/x86/quants.c keeps eight float lanes
 * ({@code __m256}); each block adds to lane {@code k} the integer sum of the four products at positions
 * {@code 4k..4k+3} of every 32 values ({@code _mm256_dpbusd_epi32}, or {@code maddubs} then {@code madd}:
 * both give that int32 exactly), converted to float and fused-multiply-added with the block's scale. The
 * lanes are summed only at the end, in {@code hsum_float_8}'s order. Integer sums are exact; only the float
 * steps need to follow ggml, and they do here one for one.
 */
final class Avx2Lanes {
    /** Float lanes of a {@code __m256}. */
    static final int LANES = 8;

    private Avx2Lanes() {
    }

    /**
     * ggml's {@code hsum_float_8} (and llamafile's {@code hsum(__m256)}): the high four lanes added to the low
     * four, then lanes 0+2 and 1+3, then those two: {@code ((l0+l4)+(l2+l6)) + ((l1+l5)+(l3+l7))}.
     */
    static float hsum(float[] acc, int off) {
        float t0 = acc[off + 4] + acc[off];
        float t1 = acc[off + 5] + acc[off + 1];
        float t2 = acc[off + 6] + acc[off + 2];
        float t3 = acc[off + 7] + acc[off + 3];
        return (t0 + t2) + (t1 + t3);
    }

    /** The four-lane reduction of an {@code __m128} ({@code movehl} then {@code movehdup}): {@code (l0+l2) + (l1+l3)}. */
    static float hsum4(float[] acc, int off) {
        return (acc[off] + acc[off + 2]) + (acc[off + 1] + acc[off + 3]);
    }

    /** {@code acc[off+k] = fma(d, (float) lanes[k], acc[off+k])} for the eight lanes ({@code _mm256_fmadd_ps}). */
    static void fma(float[] acc, int off, float d, int[] lanes) {
        for (int k = 0; k < LANES; k++) {
            acc[off + k] = Math.fma(d, (float) lanes[k], acc[off + k]);
        }
    }

    /**
     * Adds to lane {@code k} the products of weight levels and activations at positions {@code 4k..4k+3} of one
     * 32-value chunk, times {@code scale} (a sub-block's integer scale, applied by {@code _mm256_madd_epi16}).
     */
    static void addChunk(int[] lanes, int[] w, int wOff, byte[] a, int aOff, int scale) {
        for (int k = 0; k < LANES; k++) {
            int s = 0;
            for (int j = 4 * k; j < 4 * k + 4; j++) {
                s += w[wOff + j] * a[aOff + j];
            }
            lanes[k] += scale * s;
        }
    }

    /**
     * The lanes of one 256-value super-block: for each of its eight 32-value chunks {@link #addChunk} with the
     * scale of the sub-block ({@code group} values each) the chunk's positions fall in.
     */
    static void superBlock(int[] lanes, int[] w, int[] scales, int group, byte[] a, int aOff) {
        java.util.Arrays.fill(lanes, 0);
        for (int c = 0; c < 8; c++) {
            for (int k = 0; k < LANES; k++) {
                int e = 32 * c + 4 * k;
                int s = 0;
                for (int j = e; j < e + 4; j++) {
                    s += w[j] * a[aOff + j];
                }
                lanes[k] += scales[e / group] * s;
            }
        }
    }

    /** The integer dot product of {@code count} weight levels and activations (a block's or sub-block's partial). */
    static int dot(int[] w, int wOff, byte[] a, int aOff, int count) {
        int s = 0;
        for (int j = 0; j < count; j++) {
            s += w[wOff + j] * a[aOff + j];
        }
        return s;
    }
}
