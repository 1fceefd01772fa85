package dev.chord.reports.stats;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.descriptive.Quantile;

/**
 * Seeded percentile bootstrap over fork-level replicates. Each call resamples its inputs with replacement
 * {@code resamples} times and returns the central {@code confidence} quantile interval of the statistic.
 */
public final class Bootstrap {
    private static final Median MEDIAN = Median.withDefaults().withCopy(false);
    private static final Quantile QUANTILE = Quantile.withDefaults().withCopy(false)
            .with(Quantile.EstimationMethod.HF8);

    /** Up to this many replicates the resampled median is computed by insertion sort. */
    private static final int SMALL = 32;

    private final int resamples;
    private final double confidence;

    public Bootstrap(int resamples, double confidence) {
        this.resamples = resamples;
        this.confidence = confidence;
    }

    /** The median of {@code x}, with its bootstrap interval when {@code x} has at least two values. */
    public Estimate median(double[] x, long seed) {
        double m = median(x);
        if (x.length < 2) {
            return Estimate.withoutCi(m);
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] scratch = new double[x.length];
        double[] stats = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            stats[r] = resampledMedian(x, scratch, rng);
        }
        return new Estimate(m, interval(stats));
    }

    /**
     * {@code median(numerator) / median(denominator)} with a two-sample bootstrap interval (each side resampled
     * on its own); no interval unless both sides have at least two values.
     */
    public Estimate ratioOfMedians(double[] numerator, double[] denominator, long seed) {
        double ratio = median(numerator) / median(denominator);
        if (numerator.length < 2 || denominator.length < 2) {
            return Estimate.withoutCi(ratio);
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] sn = new double[numerator.length];
        double[] sd = new double[denominator.length];
        double[] stats = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            stats[r] = resampledMedian(numerator, sn, rng) / resampledMedian(denominator, sd, rng);
        }
        return new Estimate(ratio, interval(stats));
    }

    /** The median of the values (a copy is sorted; the input is untouched). */
    public static double median(double[] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        return MEDIAN.evaluate(x.clone());
    }

    private static double resampledMedian(double[] x, double[] scratch, UniformRandomProvider rng) {
        int n = x.length;
        if (n > SMALL) {
            for (int i = 0; i < n; i++) {
                scratch[i] = x[rng.nextInt(n)];
            }
            return MEDIAN.evaluate(scratch);
        }
        // Hot loop (10,000 times per interval, a handful of forks): insertion-sort the draws, then take the middle,
        // the same definition as Median (mean of the two middle values for even n), without its per-call overhead.
        for (int i = 0; i < n; i++) {
            double v = x[rng.nextInt(n)];
            int j = i - 1;
            while (j >= 0 && scratch[j] > v) {
                scratch[j + 1] = scratch[j];
                j--;
            }
            scratch[j + 1] = v;
        }
        return (n & 1) == 1 ? scratch[n >>> 1] : (scratch[(n >>> 1) - 1] + scratch[n >>> 1]) / 2;
    }

    private Interval interval(double[] stats) {
        double tail = (1 - confidence) / 2;
        double[] q = QUANTILE.evaluate(stats, tail, 1 - tail);
        return new Interval(q[0], q[1]);
    }
}
