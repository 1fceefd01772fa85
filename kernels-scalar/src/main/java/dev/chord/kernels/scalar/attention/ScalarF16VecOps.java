package dev.chord.kernels.scalar.attention;

import dev.chord.api.kernel.F16VecOps;

import java.util.Arrays;

/**
 * {@code scalar.f16}: llama.cpp's AVX-512 F16 routines in plain Java, the 16-lane registers emulated in a scratch
 * array (the reference {@code vector.f16} is compared against, bit for bit).
 */
public final class ScalarF16VecOps implements F16VecOps {

    /** Floats per AVX-512 register ({@code GGML_F32_EPR}). */
    private static final int EPR = 16;
    /** Values per step of ggml's F16 loops: four registers ({@code GGML_F16_STEP}, {@code GGML_F16_ARR = 4}). */
    private static final int STEP = 64;

    @Override
    public String name() {
        return "scalar.f16";
    }

    @Override
    public String description() {
        return "flash attention's F16 dot and multiply-add in plain Java, AVX-512 lanes emulated";
    }

    @Override
    public int preference() {
        return 0;
    }

    @Override
    public float dot(float[] x, int xo, short[] y, int yo, int n, float[] lanes) {
        int np = n & ~(STEP - 1);
        Arrays.fill(lanes, 0, STEP, 0f);
        for (int i = 0; i < np; i += STEP) {
            for (int l = 0; l < STEP; l++) {
                lanes[l] = Math.fma(x[xo + i + l], Float.float16ToFloat(y[yo + i + l]), lanes[l]);
            }
        }
        for (int l = 0; l < EPR; l++) {
            lanes[l] += lanes[2 * EPR + l];
            lanes[EPR + l] += lanes[3 * EPR + l];
        }
        for (int l = 0; l < EPR; l++) {
            lanes[l] += lanes[EPR + l];
        }
        double sum = reduceAdd16(lanes, 0);
        for (int i = np; i < n; i++) {
            sum += x[xo + i] * Float.float16ToFloat(y[yo + i]);
        }
        return (float) sum;
    }

    /**
     * The vector body fuses the multiply-add; the scalar tail is contracted into an fma by the compiler as well.
     */
    @Override
    public void mad(float[] acc, short[] y, int yo, float v, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] = f16(Math.fma(Float.float16ToFloat(y[yo + i]), v, acc[i]));
        }
    }

    @Override
    public void scale(float[] acc, float v, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] = f16(acc[i] * v);
        }
    }

    @Override
    public void toFloat(short[] y, int yo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = Float.float16ToFloat(y[yo + i]);
        }
    }

    @Override
    public void madF32(float[] acc, short[] y, int yo, float v, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] = Math.fma(Float.float16ToFloat(y[yo + i]), v, acc[i]);
        }
    }

    /**
     * The sum of 16 lanes in the order of GCC's {@code _mm512_reduce_add_ps}: the high eight added to the low
     * eight, then the high four of those to the low four, then {@code (l0+l2) + (l1+l3)}. Overwrites the lanes.
     */
    public static float reduceAdd16(float[] v, int off) {
        for (int l = 0; l < 8; l++) {
            v[off + l] = v[off + l + 8] + v[off + l];
        }
        for (int l = 0; l < 4; l++) {
            v[off + l] = v[off + l + 4] + v[off + l];
        }
        return (v[off] + v[off + 2]) + (v[off + 1] + v[off + 3]);
    }

    /** A float rounded to IEEE half precision and back ({@code vcvtps2ph} with round-to-nearest-even, then exact). */
    public static float f16(float v) {
        return Float.float16ToFloat(Float.floatToFloat16(v));
    }
}
