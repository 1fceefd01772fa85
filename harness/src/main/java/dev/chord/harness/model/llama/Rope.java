package dev.chord.harness.model.llama;

import dev.chord.harness.model.ggml.GlibcMath;

/**
 * Rotary position embedding, llama.cpp's "normal" mode for the llama architecture: adjacent pairs
 * {@code (x[2i], x[2i+1])} rotate by {@code theta_i = pos * base^(-2i/n_rot) * freq_scale / factor_i}.
 * {@code factor_i} are llama3's per-frequency factors ({@code rope_freqs.weight}) or 1. Bit for bit as ggml-cpu
 * (ops.cpp {@code ggml_rope_cache_init}, {@code rotate_pairs}): the scale {@code powf(base, -2/n_rot)} and the
 * cosines and sines from glibc's {@code powf} and {@code sincosf} ({@link GlibcMath}); theta built by repeated
 * multiplication in float; the rotation with the fused multiply-adds of GCC's vectorized loop in the shipped
 * library ({@code x0*c - x1*s} as {@code fma(x0, c, -(x1*s))}, {@code x0*s + x1*c} as {@code fma(x0, s, x1*c)}).
 * (Its scalar epilogue, reached only when a head's pair count is not a multiple of 4, contracts the second one
 * as {@code fma(x1, c, x0*s)}; llama head sizes never reach it.)
 */
final class Rope {
    private final int ropeDim;
    private final float thetaScale;
    private final float freqScale;
    private final float[] factors;

    Rope(int ropeDim, float base, float freqScale, float[] factors) {
        this.ropeDim = ropeDim;
        this.thetaScale = GlibcMath.powf(base, -2.0f / ropeDim);
        this.freqScale = freqScale;
        this.factors = factors;
        if (factors != null && factors.length < ropeDim / 2) {
            throw new IllegalArgumentException("rope_freqs.weight has " + factors.length + " factors, expected " + ropeDim / 2);
        }
    }

    /** cos/sin of every pair's angle at {@code pos}, into {@code cs[2i], cs[2i+1]}. */
    void angles(int pos, float[] cs) {
        float theta = pos;
        for (int i = 0; i < ropeDim / 2; i++) {
            float ff = factors == null ? 1f : factors[i];
            float t = freqScale * (theta / ff);
            GlibcMath.cosSin(t, cs, 2 * i);
            theta *= thetaScale;
        }
    }

    /** Rotates {@code heads} heads of {@code headDim} values at {@code off} of {@code x}. */
    void apply(float[] x, int off, int heads, int headDim, float[] cs) {
        for (int h = 0; h < heads; h++) {
            int o = off + h * headDim;
            for (int i = 0; i < ropeDim; i += 2) {
                float c = cs[i];
                float s = cs[i + 1];
                float x0 = x[o + i];
                float x1 = x[o + i + 1];
                x[o + i] = Math.fma(x0, c, -(x1 * s));
                x[o + i + 1] = Math.fma(x0, s, x1 * c);
            }
        }
    }

    /**
     * llama3's frequency factors computed from metadata when the model has no {@code rope_freqs.weight}
     * (the published Llama 3.1 rule: wavelengths above {@code original_ctx / low_freq_factor} are divided by
     * {@code factor}, below {@code original_ctx / high_freq_factor} kept, smoothly interpolated between).
     */
    static float[] llama3Factors(int ropeDim, float base, float factor, float lowFreqFactor, float highFreqFactor,
                                 int originalContext) {
        float[] f = new float[ropeDim / 2];
        double lowWavelen = originalContext / lowFreqFactor;
        double highWavelen = originalContext / highFreqFactor;
        for (int i = 0; i < f.length; i++) {
            double freq = 1.0 / Math.pow(base, (2.0 * i) / ropeDim);
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < highWavelen) {
                f[i] = 1f;
            } else if (wavelen > lowWavelen) {
                f[i] = factor;
            } else {
                double smooth = (originalContext / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                f[i] = (float) (1.0 / ((1 - smooth) / factor + smooth));
            }
        }
        return f;
    }
}
