package dev.chord.api.kernel;

import dev.chord.api.plugin.PluginException;
import dev.chord.api.plugin.PluginRegistry;

import java.util.Comparator;
import java.util.Optional;

/**
 * The F16 vector routines of llama.cpp's flash attention over an F16 KV cache (ggml-cpu vec.h
 * {@code ggml_vec_dot_f16}, {@code ggml_vec_mad_f16}, {@code ggml_vec_scale_f16} for one query at a time; F16 to
 * F32 conversion and an F32 multiply-add for the tiled path of larger batches), with the results its AVX-512
 * build computes, bit for bit: the order of additions follows its 16-lane registers, and every accumulator value
 * is rounded to F16. Implementations differ in speed only ({@code scalar.f16} emulates the lanes,
 * {@code vector.f16} uses them); a test runs both and compares bits.
 *
 * <p>Called concurrently from the executor's threads: implementations keep no per-call state, and the caller
 * passes scratch space.
 */
public interface F16VecOps extends dev.chord.api.plugin.Plugin {

    /** Scratch floats {@link #dot} needs. */
    int SCRATCH = 64;

    /** Rank for automatic selection among available implementations: higher wins. */
    int preference();

    /**
     * {@code ggml_vec_dot_f16}: {@code sum x[xo+i] * y[yo+i]} over {@code n} values, {@code y} as F16 bits and
     * {@code x} holding F16 values as floats (llama.cpp converts the query to F16 first). Four 16-lane
     * accumulators take fused multiply-adds over steps of 64 values, are added 0+2 and 1+3, then 0+1; the lanes
     * reduce as GCC's {@code _mm512_reduce_add_ps} into a double, and a tail shorter than 64 adds in double.
     * {@code scratch} holds at least {@link #SCRATCH} floats.
     */
    float dot(float[] x, int xo, short[] y, int yo, int n, float[] scratch);

    /** {@code ggml_vec_mad_f16}: {@code acc[i] = f16(fma(y[yo+i], v, acc[i]))}, {@code y} as F16 bits. */
    void mad(float[] acc, short[] y, int yo, float v, int n);

    /** {@code ggml_vec_scale_f16}: {@code acc[i] = f16(acc[i] * v)}. */
    void scale(float[] acc, float v, int n);

    /** Halves to floats, exactly as {@link Float#float16ToFloat}: {@code out[oo+i] = y[yo+i]}. */
    void toFloat(short[] y, int yo, float[] out, int oo, int n);

    /**
     * {@code acc[i] = fma(y[yo+i], v, acc[i])} in F32, {@code y} as F16 bits: the value sum of the tiled path
     * (batches of 64 or more queries), which accumulates in F32.
     */
    void madF32(float[] acc, short[] y, int yo, float v, int n);

    /** The implementations found by {@link java.util.ServiceLoader}, loaded once. */
    static PluginRegistry<F16VecOps> registry() {
        return Registry.INSTANCE;
    }

    /**
     * The implementation named by {@code forced} (or {@code -Dchord.f16-ops}) if set, else the available one with
     * the highest preference.
     */
    static F16VecOps select(String forced) {
        PluginRegistry<F16VecOps> r = registry();
        Optional<F16VecOps> f = r.forced(forced);
        if (f.isPresent()) {
            return f.get();
        }
        return r.available().stream().max(Comparator.comparingInt(F16VecOps::preference))
                .orElseThrow(() -> new PluginException("no F16 vector routines available: " + r.table()));
    }

    /** Holder: loaded on first use. */
    final class Registry {
        static final PluginRegistry<F16VecOps> INSTANCE = PluginRegistry.load("f16-ops", F16VecOps.class);

        private Registry() {
        }
    }
}
