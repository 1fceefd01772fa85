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

    /** The integer sum of the four products at {@code e..e+3}: one int32 lane of {@code dpbusd} on one chunk. */
    private static int quad(int[] w, int e, byte[] a, int aOff) {
        return w[e] * a[aOff + e] + w[e + 1] * a[aOff + e + 1] + w[e + 2] * a[aOff + e + 2] + w[e + 3] * a[aOff + e + 3];
    }

    /** The lanes of one 32-value block: lane {@code k} is the sum of the products at positions {@code 4k..4k+3}. */
    static void block(int[] lanes, int[] w, byte[] a, int aOff) {
        for (int k = 0; k < LANES; k++) {
            lanes[k] = quad(w, 4 * k, a, aOff);
        }
    }

    /**
     * The lanes of one 256-value super-block: lane {@code k} sums, over the eight 32-value chunks, the products
     * at positions {@code 4k..4k+3} of the chunk, times the integer scale of the sub-block ({@code group} values)
     * they fall in ({@code _mm256_madd_epi16} with the scales). Integer sums are exact, so only which products
     * meet in a lane matters, not their order.
     */
    static void superBlock(int[] lanes, int[] w, int[] scales, int group, byte[] a, int aOff) {
        int shift = Integer.numberOfTrailingZeros(group);
        for (int k = 0; k < LANES; k++) {
            int sum = 0;
            for (int e = 4 * k; e < 256; e += 32) {
                sum += scales[e >> shift] * quad(w, e, a, aOff);
            }
            lanes[k] = sum;
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
