package dev.chord.harness.model.ggml;

import dev.chord.api.testing.Seeds;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ggml's vector routines against double-precision references within their documented error, and the one
 * place where only the order of additions decides the result, checked on a hand-computed case.
 */
class GgmlVecTest {

    private final long seed = Seeds.seed(20261129L);

    private static double ulps(float got, double want) {
        return Math.abs(got - want) / Math.ulp((float) want);
    }

    @Test
    void vectorExpIsWithinItsDocumentedErrorAndSaturates() {
        SplittableRandom rnd = new SplittableRandom(seed);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            float x = (float) rnd.nextDouble(-87, 88);
            worst = Math.max(worst, ulps(GgmlVec.vExpf(x), Math.exp(x)));
        }
        // ggml's AVX-512 ggml_v_expf itself reaches 2.18 ulp in this measure (relative to the float result's ulp),
        // measured on a sample of all floats during development, where the Java port matched it bit for bit
        assertTrue(worst <= 2.5, Seeds.replay(seed) + "vExpf error " + worst + " ulp");
        assertEquals(1f, GgmlVec.vExpf(0f));
        assertEquals(0f, GgmlVec.vExpf(-200f));
        assertEquals(Float.POSITIVE_INFINITY, GgmlVec.vExpf(200f));
        assertEquals(0f, GgmlVec.vExpf(Float.NEGATIVE_INFINITY), "masked attention scores give 0");
    }

    @Test
    void swigluIsSiluTimesUpOnVectorBlocksAndTail() {
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        int n = 16 * 3 + 5;  // three vector blocks and a scalar tail
        float[] g = new float[n];
        float[] u = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) (rnd.nextGaussian() * 4);
            u[i] = (float) rnd.nextGaussian();
        }
        float[] y = new float[n];
        GgmlVec.swiglu(g, u, y, 0, n);
        for (int i = 0; i < n; i++) {
            double want = g[i] / (1 + Math.exp(-g[i])) * u[i];
            assertTrue(ulps(y[i], want) <= 4, Seeds.replay(seed) + "swiglu[" + i + "] = " + y[i] + ", want " + want);
        }
    }

    @Test
    void f16DotProductIsAccurateForEveryTailLength() {
        SplittableRandom rnd = new SplittableRandom(seed + 2);
        float[] lanes = new float[GgmlVec.F16_STEP];
        for (int n : new int[] {1, 17, 63, 64, 65, 128, 200}) {
            float[] x = new float[n];
            short[] y = new short[n];
            double want = 0;
            double mag = 0;
            for (int i = 0; i < n; i++) {
                x[i] = GgmlVec.f16((float) rnd.nextGaussian());
                y[i] = Float.floatToFloat16((float) rnd.nextGaussian());
                want += (double) x[i] * Float.float16ToFloat(y[i]);
                mag += Math.abs((double) x[i] * Float.float16ToFloat(y[i]));
            }
            float got = GgmlVec.dotF16(x, 0, y, 0, n, lanes);
            assertTrue(Math.abs(got - want) <= 1e-6 * mag, Seeds.replay(seed) + n + ": " + got + " vs " + want);
        }
    }

    @Test
    void sixteenLanesAddInGccsReduceOrder() {
        // (l0+l8) etc. first: 2^24 + 1 loses the 1 unless two 1s meet before the big values; GCC's order pairs
        // lane 0 with 8, 4 with 12 (the second step adds l+4), so lanes 1, 9 (ones) meet first and survive as 2
        float[] v = new float[16];
        v[0] = 0x1p24f;
        v[1] = 1f;
        v[9] = 1f;
        v[8] = -0x1p24f;
        // step 1: l0 = 2^24 - 2^24 = 0, l1 = 1 + 1 = 2; step 2: l0 += l4 (0), l1 += l5 (0); then (l0+l2)+(l1+l3) = 2
        assertEquals(2f, GgmlVec.reduceAdd16(v, 0));
        float[] w = new float[16];
        w[0] = 0x1p24f;
        w[2] = 1f;
        w[4] = 1f;
        w[6] = -0x1p24f;
        // step 1: nothing pairs (lanes 8..15 are 0); step 2: l0 = 2^24 + 1 = 2^24 (rounded), l2 = 1 - 2^24 = -(2^24 - 1);
        // then (l0 + l2) + (l1 + l3) = 2^24 - (2^24 - 1) = 1
        assertEquals(1f, GgmlVec.reduceAdd16(w, 0));
    }
}
