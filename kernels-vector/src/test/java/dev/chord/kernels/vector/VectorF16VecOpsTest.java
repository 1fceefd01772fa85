package dev.chord.kernels.vector;

import dev.chord.api.kernel.F16VecOps;
import dev.chord.api.testing.Seeds;
import dev.chord.kernels.scalar.attention.ScalarF16VecOps;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code vector.f16} against {@code scalar.f16}, bit for bit: seeded random halves at magnitudes from subnormal
 * to near the largest half, with zeros of both signs, infinities and NaNs planted; every length from 1 to 200 and
 * the head sizes of real models; accumulators that overflow to infinity.
 */
class VectorF16VecOpsTest {

    private final long seed = Seeds.seed(20261127L);
    private final F16VecOps scalar = new ScalarF16VecOps();
    private final F16VecOps vector = new VectorF16VecOps();

    @BeforeEach
    void needsTheVectorOps() {
        Assumptions.assumeTrue(vector.isAvailable(), () -> "vector.f16: " + vector.unavailableReason().orElse(""));
    }

    /** A half from one of several regimes: typical, tiny, subnormal, huge, or a special value. */
    private static short half(SplittableRandom r, boolean specials) {
        int kind = r.nextInt(specials ? 20 : 18);
        return switch (kind) {
            case 0 -> (short) r.nextInt(0x400);                    // subnormal or +0
            case 1 -> (short) (0x8000 | r.nextInt(0x400));         // negative subnormal or -0
            case 2 -> Float.floatToFloat16((float) (r.nextGaussian() * 60000));
            case 3 -> Float.floatToFloat16((float) (r.nextGaussian() * 1e-4));
            case 18 -> (short) (r.nextBoolean() ? 0x7C00 : 0xFC00); // infinities
            case 19 -> (short) (0x7C01 + r.nextInt(0x3FF));          // NaNs, signalling ones included
            default -> Float.floatToFloat16((float) r.nextGaussian());
        };
    }

    /**
     * Equal bits, or both NaN: Java leaves NaN payloads unspecified, and they differ between the interpreter's and
     * the JIT's {@code Float.float16ToFloat} and {@code Math.fma} (a signalling half is quieted by one and not the
     * other), so two runs of the same code may disagree on them.
     */
    private static void assertSameFloat(float want, float got, String message) {
        if (Float.isNaN(want) && Float.isNaN(got)) {
            return;
        }
        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), message);
    }

    private static String bits(float f) {
        return f + " (0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + ")";
    }

    @Test
    void dotEqualsTheScalarLanesBitForBit() {
        SplittableRandom r = new SplittableRandom(seed);
        float[] s1 = new float[F16VecOps.SCRATCH];
        float[] s2 = new float[F16VecOps.SCRATCH];
        for (int n = 1; n <= 200; n++) {
            for (int rep = 0; rep < 20; rep++) {
                boolean specials = rep % 5 == 4;
                int xo = r.nextInt(3);
                int yo = r.nextInt(5);
                float[] x = new float[xo + n];
                short[] y = new short[yo + n];
                for (int i = 0; i < n; i++) {
                    x[xo + i] = Float.float16ToFloat(half(r, false));
                    y[yo + i] = half(r, specials);
                }
                float want = scalar.dot(x, xo, y, yo, n, s1);
                float got = vector.dot(x, xo, y, yo, n, s2);
                assertSameFloat(want, got,
                        Seeds.replay(seed) + "n=" + n + " rep " + rep + ": " + bits(got) + " vs scalar " + bits(want));
            }
        }
    }

    @Test
    void multiplyAddAndScaleEqualTheScalarLanesBitForBit() {
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (int n : new int[] {1, 15, 16, 17, 63, 64, 65, 80, 96, 128, 130, 256}) {
            for (int rep = 0; rep < 200; rep++) {
                boolean specials = rep % 5 == 4;
                int yo = r.nextInt(7);
                short[] y = new short[yo + n];
                float[] acc = new float[n];
                for (int i = 0; i < n; i++) {
                    y[yo + i] = half(r, specials);
                    acc[i] = Float.float16ToFloat(half(r, specials));
                }
                // softmax weights lie in [0, 1]; larger ones push accumulators past 65504 into infinity
                float v = switch (rep % 4) {
                    case 0 -> (float) r.nextDouble();
                    case 1 -> (float) Math.exp(-30 * r.nextDouble());
                    case 2 -> (float) (r.nextDouble() * 4);
                    default -> rep % 40 == 3 ? Float.NaN : 1f;
                };
                float[] want = acc.clone();
                float[] got = acc.clone();
                scalar.mad(want, y, yo, v, n);
                vector.mad(got, y, yo, v, n);
                for (int i = 0; i < n; i++) {
                    assertSameFloat(want[i], got[i],
                            Seeds.replay(seed) + "mad n=" + n + " rep " + rep + " v=" + v + " at " + i + ": " + bits(got[i])
                                    + " vs scalar " + bits(want[i]));
                }
                scalar.scale(want, v, n);
                vector.scale(got, v, n);
                for (int i = 0; i < n; i++) {
                    assertSameFloat(want[i], got[i],
                            Seeds.replay(seed) + "scale n=" + n + " rep " + rep + " v=" + v + " at " + i + ": " + bits(got[i])
                                    + " vs scalar " + bits(want[i]));
                }
            }
        }
    }

    @Test
    void conversionAndF32MultiplyAddEqualTheScalarOnesBitForBit() {
        // every half there is, through toFloat
        short[] all = new short[65536 + 5];
        for (int i = 0; i < 65536; i++) {
            all[i] = (short) i;
        }
        float[] want = new float[all.length];
        float[] got = new float[all.length];
        scalar.toFloat(all, 0, want, 0, all.length);
        vector.toFloat(all, 0, got, 0, all.length);
        for (int i = 0; i < all.length; i++) {
            assertSameFloat(want[i], got[i], "half 0x" + Integer.toHexString(i));
        }
        SplittableRandom r = new SplittableRandom(seed + 2);
        for (int n : new int[] {1, 15, 16, 17, 64, 80, 130}) {
            for (int rep = 0; rep < 200; rep++) {
                int yo = r.nextInt(7);
                short[] y = new short[yo + n];
                float[] acc = new float[n];
                for (int i = 0; i < n; i++) {
                    y[yo + i] = half(r, rep % 5 == 4);
                    acc[i] = (float) (r.nextGaussian() * (rep % 3 == 0 ? 1e5 : 1));
                }
                float v = rep % 50 == 7 ? Float.POSITIVE_INFINITY : (float) r.nextDouble();
                float[] w = acc.clone();
                float[] g = acc.clone();
                scalar.madF32(w, y, yo, v, n);
                vector.madF32(g, y, yo, v, n);
                for (int i = 0; i < n; i++) {
                    assertSameFloat(w[i], g[i],
                            Seeds.replay(seed) + "madF32 n=" + n + " rep " + rep + " at " + i + ": " + bits(g[i]) + " vs " + bits(w[i]));
                }
            }
        }
    }

    @Test
    void roundingToHalfMatchesTheJdkAcrossItsBoundaries() {
        // values around the boundaries where rounding changes regime: the smallest normal half, ties at every
        // exponent, the largest half and the overflow point
        float[] edges = {0x1p-14f, 0x1p-24f, 0x1.8p-25f, 0x1p-25f, 65504f, 65519.996f, 65520f, 1f + 0x1p-11f,
                1f + 0x3p-11f, 2048f + 1f, 0x1.ffcp-15f};
        float[] acc = new float[16];
        float[] want = new float[16];
        short[] one = new short[16];
        java.util.Arrays.fill(one, Float.floatToFloat16(1f));
        for (float e : edges) {
            for (float f : new float[] {e, -e, Math.nextUp(e), Math.nextDown(e), -Math.nextUp(e)}) {
                // acc = f16(fma(1, f, 0)) = f16(f)
                java.util.Arrays.fill(acc, 0f);
                java.util.Arrays.fill(want, 0f);
                vector.mad(acc, one, 0, f, 16);
                scalar.mad(want, one, 0, f, 16);
                assertSameFloat(want[0], acc[0], "f16(" + f + ")");
                assertSameFloat(ScalarF16VecOps.f16(f), acc[0], "f16(" + f + ")");
            }
        }
    }

    @Test
    void selectionPrefersTheVectorRoutines() {
        assertEquals("vector.f16", F16VecOps.select(null).name());
        assertEquals("scalar.f16", F16VecOps.select("scalar.f16").name());
    }
}
