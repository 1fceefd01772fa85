package dev.chord.kernels.scalar.attention;

import dev.chord.api.testing.Seeds;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code scalar.f16} against F64 arithmetic and the JDK's F16 conversions. */
class ScalarF16VecOpsTest {

    private final long seed = Seeds.seed(20261129L);
    private final ScalarF16VecOps ops = new ScalarF16VecOps();

    @Test
    void dotProductIsAccurateForEveryTailLength() {
        SplittableRandom rnd = new SplittableRandom(seed + 2);
        float[] lanes = new float[ScalarF16VecOps.SCRATCH];
        for (int n : new int[] {1, 17, 63, 64, 65, 128, 200}) {
            float[] x = new float[n];
            short[] y = new short[n];
            double want = 0;
            double mag = 0;
            for (int i = 0; i < n; i++) {
                x[i] = ScalarF16VecOps.f16((float) rnd.nextGaussian());
                y[i] = Float.floatToFloat16((float) rnd.nextGaussian());
                want += (double) x[i] * Float.float16ToFloat(y[i]);
                mag += Math.abs((double) x[i] * Float.float16ToFloat(y[i]));
            }
            float got = ops.dot(x, 0, y, 0, n, lanes);
            assertTrue(Math.abs(got - want) <= 1e-6 * mag, Seeds.replay(seed) + n + ": " + got + " vs " + want);
        }
    }

    @Test
    void multiplyAddRoundsEachResultToTheNearestHalf() {
        SplittableRandom rnd = new SplittableRandom(seed + 3);
        int n = 100;
        short[] y = new short[n];
        float[] acc = new float[n];
        double[] exact = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Float.floatToFloat16((float) rnd.nextGaussian());
            acc[i] = ScalarF16VecOps.f16((float) rnd.nextGaussian());
            exact[i] = (double) Float.float16ToFloat(y[i]) * 0.375 + acc[i];
        }
        ops.mad(acc, y, 0, 0.375f, n);
        for (int i = 0; i < n; i++) {
            // a half: converting to F16 and back changes nothing; within half an F16 ulp of the exact value
            assertEquals(acc[i], ScalarF16VecOps.f16(acc[i]), Seeds.replay(seed) + "at " + i);
            double ulp = Math.ulp(Float.float16ToFloat(Float.floatToFloat16(acc[i]))) * 8192;
            assertTrue(Math.abs(acc[i] - exact[i]) <= ulp / 2 + 1e-12, Seeds.replay(seed) + "at " + i + ": " + acc[i] + " vs " + exact[i]);
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
        assertEquals(2f, ScalarF16VecOps.reduceAdd16(v, 0));
        float[] w = new float[16];
        w[0] = 0x1p24f;
        w[2] = 1f;
        w[4] = 1f;
        w[6] = -0x1p24f;
        // step 1: nothing pairs (lanes 8..15 are 0); step 2: l0 = 2^24 + 1 = 2^24 (rounded), l2 = 1 - 2^24 = -(2^24 - 1);
        // then (l0 + l2) + (l1 + l3) = 2^24 - (2^24 - 1) = 1
        assertEquals(1f, ScalarF16VecOps.reduceAdd16(w, 0));
    }
}
