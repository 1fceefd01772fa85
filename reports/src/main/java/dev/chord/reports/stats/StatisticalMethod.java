package dev.chord.reports.stats;

import java.util.Locale;

/**
 * The settings of every statistic Chord reports, and their description in words (printed in every report).
 *
 * @param resamples  bootstrap resamples per interval
 * @param confidence confidence level of the intervals, e.g. 0.95
 * @param alpha      significance level of the Mann–Whitney U test
 * @param seed       base seed; each benchmark's bootstrap is seeded with this mixed with the benchmark id
 */
public record StatisticalMethod(int resamples, double confidence, double alpha, long seed) {

    /** 10,000 resamples, 95% intervals, alpha 0.05. */
    public static final StatisticalMethod DEFAULT = new StatisticalMethod(10_000, 0.95, 0.05, 0x43686f7264L);

    public StatisticalMethod {
        if (resamples < 100) {
            throw new IllegalArgumentException("bootstrap needs at least 100 resamples, got " + resamples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
    }

    /** The seed of the bootstrap for one benchmark id: reruns of a report give the same intervals. */
    public long seedFor(String id) {
        long h = seed ^ (id.hashCode() * 0x9E3779B97F4A7C15L);
        h ^= h >>> 31;
        return h * 0xBF58476D1CE4E5B9L;
    }

    public Bootstrap bootstrap() {
        return new Bootstrap(resamples, confidence);
    }

    public String confidenceLabel() {
        return percent(confidence);
    }

    /** The method in words, for the top of every report. */
    public String describe() {
        return String.format(Locale.ROOT, """
                The JVM fork is the unit of replication: the samples of one fork share its JIT compilation, heap \
                layout and CPU state, so they are not independent. Each fork contributes one number, the mean of \
                its samples (its fork mean). A benchmark's value is the median of its fork means. Speedups and \
                run-to-run changes are ratios of these medians. Their %s confidence intervals are percentile \
                bootstrap intervals: forks are resampled with replacement, separately in each of the two compared \
                benchmarks, %,d times (Commons RNG XO_RO_SHI_RO_128_PP, seeded from the benchmark id so reports are \
                reproducible), and the interval is the %s and %s quantiles (Hyndman–Fan type 8) of the resampled \
                ratios. A single benchmark's interval is the same bootstrap of its median. No interval is given \
                with fewer than 2 forks. Comparisons of two runs also test the fork means with a two-sided \
                Mann–Whitney U test (Commons Statistics; exact p-value for small samples without ties) at \
                alpha = %s.""",
                confidenceLabel(), resamples, percent((1 - confidence) / 2), percent((1 + confidence) / 2),
                trim(alpha));
    }

    static String percent(double p) {
        return trim(p * 100) + "%";
    }

    static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
