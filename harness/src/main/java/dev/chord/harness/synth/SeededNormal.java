package dev.chord.harness.synth;

import java.nio.charset.StandardCharsets;

/**
 * Normal random numbers addressed by (seed, tensor name, row): every row has its own stream, so rows can be
 * generated in any order, by any number of threads, and always give the same values. The stream is SplitMix64
 * (Steele, Lea and Flood, OOPSLA 2014) turned into normals by Marsaglia's polar method; only exactly rounded
 * arithmetic and {@link StrictMath#log} are used, so a seed gives the same bits on every JVM and CPU.
 */
public final class SeededNormal {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SeededNormal() {
    }

    /** The stream key of tensor {@code name} under {@code seed}. */
    public static long tensorKey(long seed, String name) {
        long h = 0xCBF29CE484222325L; // FNV-1a 64 of the UTF-8 name
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return mix(seed ^ mix(h));
    }

    /** Writes {@code n} values {@code mean + std * N(0, 1)} of row {@code row} of the tensor {@code key} to {@code dst[off..]}. */
    public static void fillRow(long key, long row, float[] dst, int off, int n, double mean, double std) {
        long state = mix(key + row * GOLDEN_GAMMA);
        int i = 0;
        while (i < n) {
            double u;
            double v;
            double s;
            do {
                state += GOLDEN_GAMMA;
                u = uniform(mix(state));
                state += GOLDEN_GAMMA;
                v = uniform(mix(state));
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double m = Math.sqrt(-2 * StrictMath.log(s) / s);
            dst[off + i++] = (float) (mean + std * u * m);
            if (i < n) {
                dst[off + i++] = (float) (mean + std * v * m);
            }
        }
    }

    /** Uniform in [-1, 1) from the top 53 bits. */
    private static double uniform(long z) {
        return (z >>> 11) * 0x1.0p-52 - 1.0;
    }

    /** SplitMix64's output function (a bijection of 64-bit values). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
