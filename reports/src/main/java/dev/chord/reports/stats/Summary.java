package dev.chord.reports.stats;

import dev.chord.reports.model.Benchmark;
import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.StandardDeviation;

/**
 * One benchmark reduced to its reported figures.
 *
 * @param benchmark the benchmark
 * @param median    median of the fork means with its bootstrap interval
 * @param forkMeans one replicate per fork
 */
public record Summary(Benchmark benchmark, Estimate median, double[] forkMeans) {

    public static Summary of(Benchmark b, StatisticalMethod method) {
        double[] means = b.forkMeans();
        return new Summary(b, method.bootstrap().median(means, method.seedFor(b.id())), means);
    }

    public int forks() {
        return forkMeans.length;
    }

    /**
     * Coefficient of variation of the fork means (sample standard deviation over mean); NaN for one fork.
     * Large values say the forks disagree: more forks are needed, or the machine is noisy.
     */
    public double forkCv() {
        if (forkMeans.length < 2) {
            return Double.NaN;
        }
        return StandardDeviation.of(forkMeans).getAsDouble() / Mean.of(forkMeans).getAsDouble();
    }
}
