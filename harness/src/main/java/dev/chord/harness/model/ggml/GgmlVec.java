package dev.chord.harness.model.ggml;

import dev.chord.kernels.scalar.attention.ScalarF16VecOps;

/**
 * ggml's CPU vector routines (ggml-cpu vec.h, vec.cpp, simd-mappings.h) as the AVX-512 build computes them,
 * for the operations of the forward pass whose rounding shows in the logits: SiLU/SwiGLU with ggml's own
 * exponential and the softmax of flash attention's tiled path (its F16 dot product and multiply-add are
 * {@link dev.chord.api.kernel.F16VecOps}). Each method names the ggml
 * routine it follows; vector lanes are emulated where the order of additions depends on them.
 */
public final class GgmlVec {
    /** Floats per AVX-512 register ({@code GGML_F32_EPR}). */
    static final int EPR = 16;

    private GgmlVec() {
    }

    /** A float rounded to IEEE half precision and back ({@code vcvtps2ph} with round-to-nearest-even, then exact). */
    public static float f16(float v) {
        return ScalarF16VecOps.f16(v);
    }

    /**
     * ggml's AVX-512 {@code ggml_v_expf} (vec.h, adapted from Arm's optimized routines; max error 1.45 ulp):
     * {@code x = n*ln2 + b} with n from a rounding shift, a degree-5 polynomial in b, scaled by
     * {@code _mm512_scalef_ps}; beyond {@code |n| > 192} it saturates to 0 or infinity.
     */
    public static float vExpf(float x) {
        final float r = 0x1.8p23f;
        float z = Math.fma(x, 0x1.715476p+0f, r);
        float n = z - r;
        float b = Math.fma(-n, 0x1.7f7d1cp-20f, Math.fma(-n, 0x1.62e4p-1f, x));
        float u = b * b;
        float j = Math.fma(Math.fma(Math.fma(0x1.0e4020p-7f, b, 0x1.573e2ep-5f), u,
                        Math.fma(0x1.555e66p-3f, b, 0x1.fffdb6p-2f)), u,
                Math.fma(0x1.ffffecp-1f, b, 1.0f));
        if (Math.abs(n) > 192) {
            return n <= 0 ? 0f : Float.POSITIVE_INFINITY;
        }
        return Math.scalb(j, (int) n);  // scalef: j * 2^n, rounded once (n is integral)
    }

    /** ggml's AVX-512 {@code ggml_v_silu}: {@code x / (1 + ggml_v_expf(0 - x))}. */
    public static float vSilu(float x) {
        return x / (1f + vExpf(0f - x));
    }

    /**
     * {@code ggml_vec_swiglu_f32} on one row: {@code y[i] = silu(g[i]) * u[i]} for {@code n} values; whole
     * blocks of 16 with the vector SiLU, the remainder with the scalar {@code ggml_silu_f32}
     * ({@code x/(1+expf(-x))}, glibc's expf).
     */
    public static void swiglu(float[] g, float[] u, float[] y, int off, int n) {
        int vector = n - n % EPR;
        int i = 0;
        for (; i < vector; i++) {
            y[off + i] = vSilu(g[off + i]) * u[off + i];
        }
        for (; i < n; i++) {
            float x = g[off + i];
            y[off + i] = x / (1.0f + GlibcMath.expf(-x)) * u[off + i];
        }
    }

    /**
     * The sum of 16 lanes in the order of GCC's {@code _mm512_reduce_add_ps}: the high eight added to the low
     * eight, then the high four of those to the low four, then {@code (l0+l2) + (l1+l3)}. Overwrites the lanes.
     */
    public static float reduceAdd16(float[] v, int off) {
        return ScalarF16VecOps.reduceAdd16(v, off);
    }

    /**
     * {@code ggml_vec_soft_max_f32} with AVX-512: {@code x[i] = ggml_v_expf(x[i] - max)} in place, summed in
     * double from the float sums of each 16 values ({@link #reduceAdd16}); a remainder uses glibc's
     * {@code expf}. {@code lanes} is scratch of 16 floats.
     */
    public static double softMax(float[] x, int off, int n, float max, float[] lanes) {
        double sum = 0;
        int i = 0;
        for (; i + EPR <= n; i += EPR) {
            for (int l = 0; l < EPR; l++) {
                x[off + i + l] = vExpf(x[off + i + l] - max);
                lanes[l] = x[off + i + l];
            }
            sum += reduceAdd16(lanes, 0);
        }
        for (; i < n; i++) {
            x[off + i] = GlibcMath.expf(x[off + i] - max);
            sum += x[off + i];
        }
        return sum;
    }
}
