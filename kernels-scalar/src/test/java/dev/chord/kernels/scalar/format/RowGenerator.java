package dev.chord.kernels.scalar.format;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded random rows for property tests of quant formats and kernels. Every row is whole blocks of the
 * format under test, and every value is finite with magnitude at most {@link #CLIP}: ggml's formats keep
 * their scales in fp16 (largest finite 65504), so larger blocks overflow in ggml too and are not a
 * property any format could hold.
 */
public final class RowGenerator {

    /** Largest magnitude a generated value takes. */
    public static final float CLIP = 3e4f;

    /** A generated row and how it was made (for failure messages). */
    public record Row(float[] values, String description) {
    }

    /** Distributions of values, each with per-row random parameters. */
    public enum Distribution {
        /** Gaussian, sigma log-uniform in [1e-3, 1e3] per row. */
        NORMAL,
        /** Uniform in [-a, a), a log-uniform in [1e-3, 1e3] per row. */
        UNIFORM,
        /** Uniform in [0, a): blocks without negative values (the case minimum-based formats special-case). */
        UNIFORM_POSITIVE,
        /** Student's t with 2 degrees of freedom (infinite variance) times a log-uniform scale, clipped. */
        HEAVY_TAILED,
        /** Gaussian with its own sigma per 32 values, log-uniform over [1e-4, 1e3]: scales spread over orders of magnitude. */
        BLOCK_SCALES,
        /** 90% exact zeros, the rest Gaussian with a log-uniform sigma. */
        SPARSE
    }

    private final SplittableRandom rnd;

    public RowGenerator(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    /** A random number of whole blocks in [1, maxBlocks]. */
    public int blocks(int maxBlocks) {
        return 1 + rnd.nextInt(maxBlocks);
    }

    public int nextInt(int bound) {
        return rnd.nextInt(bound);
    }

    public Row row(Distribution d, int n) {
        float[] v = new float[n];
        String what;
        switch (d) {
            case NORMAL -> {
                double sigma = logUniform(1e-3, 1e3);
                for (int i = 0; i < n; i++) {
                    v[i] = clip(rnd.nextGaussian() * sigma);
                }
                what = fmt("normal sigma %.3g", sigma);
            }
            case UNIFORM -> {
                double a = logUniform(1e-3, 1e3);
                for (int i = 0; i < n; i++) {
                    v[i] = clip((2 * rnd.nextDouble() - 1) * a);
                }
                what = fmt("uniform [-%.3g, %.3g)", a, a);
            }
            case UNIFORM_POSITIVE -> {
                double a = logUniform(1e-3, 1e3);
                for (int i = 0; i < n; i++) {
                    v[i] = clip(rnd.nextDouble() * a);
                }
                what = fmt("uniform [0, %.3g)", a);
            }
            case HEAVY_TAILED -> {
                double scale = logUniform(1e-3, 1e2);
                for (int i = 0; i < n; i++) {
                    v[i] = clip(studentT2() * scale);
                }
                what = fmt("student-t(2) scale %.3g", scale);
            }
            case BLOCK_SCALES -> {
                double sigma = 1;
                for (int i = 0; i < n; i++) {
                    if (i % 32 == 0) {
                        sigma = logUniform(1e-4, 1e3);
                    }
                    v[i] = clip(rnd.nextGaussian() * sigma);
                }
                what = "normal, sigma per 32 values log-uniform in [1e-4, 1e3]";
            }
            case SPARSE -> {
                double sigma = logUniform(1e-3, 1e3);
                for (int i = 0; i < n; i++) {
                    v[i] = rnd.nextInt(10) == 0 ? clip(rnd.nextGaussian() * sigma) : 0f;
                }
                what = fmt("sparse: 10%% normal sigma %.3g, rest 0", sigma);
            }
            default -> throw new AssertionError(d);
        }
        return new Row(v, what);
    }

    /** Gaussian noise of {@code sigma} with one value replaced by {@code outlier} at {@code position}. */
    public Row outlier(int n, double sigma, int position, float outlier) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * sigma);
        }
        v[position] = outlier;
        return new Row(v, fmt("normal sigma %.3g with %s at %d", sigma, outlier, position));
    }

    public static Row constant(int n, float c) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, c);
        return new Row(v, "constant " + c);
    }

    private double logUniform(double lo, double hi) {
        return Math.exp(Math.log(lo) + rnd.nextDouble() * (Math.log(hi) - Math.log(lo)));
    }

    /** Student's t with 2 degrees of freedom: z / sqrt(chi²₂ / 2), chi²₂ = -2 ln(u). */
    private double studentT2() {
        double u = 1 - rnd.nextDouble();
        return rnd.nextGaussian() / Math.sqrt(-Math.log(u));
    }

    private static float clip(double v) {
        return (float) Math.max(-CLIP, Math.min(CLIP, v));
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
