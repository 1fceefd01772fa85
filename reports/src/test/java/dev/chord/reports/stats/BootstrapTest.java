package dev.chord.reports.stats;

import dev.chord.api.testing.Seeds;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.descriptive.Quantile;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrapTest {
    private final Bootstrap bootstrap = new Bootstrap(10_000, 0.95);

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, Bootstrap.median(new double[] {5, 1, 3}));
        assertEquals(2.5, Bootstrap.median(new double[] {4, 1, 3, 2}));
    }

    @Test
    void ratioIsRatioOfMedians() {
        Estimate r = bootstrap.ratioOfMedians(new double[] {10, 30, 20}, new double[] {4, 5, 100}, 1);
        assertEquals(20.0 / 5.0, r.value(), 0);
        assertTrue(r.ci().low() <= r.value() && r.value() <= r.ci().high(), r.toString());
    }

    @Test
    void constantDataGiveAPointInterval() {
        Estimate m = bootstrap.median(new double[] {7, 7, 7, 7}, 3);
        assertEquals(new Interval(7, 7), m.ci());
    }

    @Test
    void oneReplicateGivesNoInterval() {
        assertNull(bootstrap.median(new double[] {7}, 3).ci());
        assertNull(bootstrap.ratioOfMedians(new double[] {7}, new double[] {1, 2}, 3).ci());
    }

    @Test
    void sameSeedSameIntervalOtherSeedOtherInterval() {
        double[] x = {1.0, 1.1, 0.97, 1.05, 1.2, 0.9, 1.01};
        assertEquals(bootstrap.median(x, 42).ci(), bootstrap.median(x, 42).ci());
        double[] a = new double[40];
        double[] b = new double[40];
        for (int i = 0; i < a.length; i++) {
            a[i] = 1 + Math.sin(i * 1.7) * 0.1;
            b[i] = 2 + Math.cos(i * 2.3) * 0.2;
        }
        assertNotEquals(bootstrap.ratioOfMedians(a, b, 1).ci(), bootstrap.ratioOfMedians(a, b, 2).ci());
    }

    @Test
    void inputIsNotReordered() {
        double[] x = {3, 1, 2};
        bootstrap.median(x, 1);
        assertEquals(3, x[0]);
    }

    /**
     * Coverage against the truth: samples of 15 from N(10, 1), whose median is 10. A 95% interval should
     * contain it in roughly 95% of trials (the percentile bootstrap of a median is a little conservative or
     * liberal depending on n; we accept 88%..99%).
     */
    @Test
    void medianIntervalCoversTheTrueMedian() {
        long seed = Seeds.seed(123L);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        Bootstrap fast = new Bootstrap(2_000, 0.95);
        int trials = 400;
        int covered = 0;
        for (int t = 0; t < trials; t++) {
            double[] x = new double[15];
            for (int i = 0; i < x.length; i++) {
                x[i] = 10 + gauss.sample();
            }
            covered += fast.median(x, rng.nextLong()).ci().contains(10) ? 1 : 0;
        }
        double rate = covered / (double) trials;
        assertTrue(rate >= 0.88 && rate <= 0.99, Seeds.replay(seed)
                + String.format(Locale.ROOT, "coverage %.3f", rate));
    }

    /**
     * The insertion-sort fast path for few forks against a plain reference: the same seeded draws, medians by
     * Commons Statistics' Median, quantiles by its Quantile (HF8). Odd and even counts.
     */
    @Test
    void fastPathMatchesLibraryMedians() {
        for (int n : new int[] {2, 5, 6, 11}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = 100 + ((i * 7919) % 13) + i * 0.01;
            }
            Bootstrap b = new Bootstrap(2_000, 0.9);
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(77L);
            double[] stats = new double[2_000];
            double[] draw = new double[n];
            for (int r = 0; r < stats.length; r++) {
                for (int i = 0; i < n; i++) {
                    draw[i] = x[rng.nextInt(n)];
                }
                stats[r] = Median.withDefaults().evaluate(draw);
            }
            double[] q = Quantile.withDefaults().with(Quantile.EstimationMethod.HF8).evaluate(stats, 0.05, 0.95);
            assertEquals(new Interval(q[0], q[1]), b.median(x, 77L).ci(), "n = " + n);
        }
    }

    @Test
    void widerConfidenceGivesWiderInterval() {
        double[] x = {1.0, 1.1, 0.97, 1.05, 1.2, 0.9, 1.01, 1.07, 0.95};
        Interval i95 = bootstrap.median(x, 5).ci();
        Interval i50 = new Bootstrap(10_000, 0.5).median(x, 5).ci();
        assertTrue(i95.low() <= i50.low() && i50.high() <= i95.high(), i95 + " vs " + i50);
        assertFalse(i95.equals(i50));
    }
}
