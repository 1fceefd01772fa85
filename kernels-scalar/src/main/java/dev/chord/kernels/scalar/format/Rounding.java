package dev.chord.kernels.scalar.format;

/**
 * The two ways ggml rounds a float to an integer. They differ only on exact halves (2.5, -0.5), which
 * real data hits often enough (zeros times a scale, small integers) that the choice shows up in bytes.
 */
final class Rounding {
    private Rounding() {
    }

    /**
     * C's {@code roundf}/{@code lroundf}: halves away from zero, used by ggml's reference quantizers. Done
     * in double so {@code |v| + 0.5} is exact (in float, 0.49999997f + 0.5f would round up to 1).
     */
    static int halfAwayFromZero(float v) {
        double r = Math.floor(Math.abs((double) v) + 0.5);
        return (int) (v < 0 ? -r : r);
    }

    /**
     * x86 {@code _mm256_round_ps(v, _MM_ROUND_NEAREST)} followed by {@code cvtps2dq}: halves to even,
     * used by ggml's AVX activation quantizers.
     */
    static int halfEven(float v) {
        return (int) Math.rint(v);
    }
}
