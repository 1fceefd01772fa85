package dev.chord.reports.compare;

import dev.chord.reports.stats.Estimate;
import dev.chord.reports.stats.Summary;

/**
 * One benchmark compared between two runs.
 *
 * @param id      the benchmark id
 * @param base    the base run's summary, or null when the benchmark is only in the new run
 * @param next    the new run's summary, or null when it is only in the base run
 * @param ratio   {@code median(new) / median(base)} in the benchmark's unit, with its interval; null if not comparable
 * @param pValue  two-sided Mann–Whitney U p-value on the fork means; NaN when not computed
 * @param verdict the verdict
 * @param reason  why, in words
 */
public record BenchmarkComparison(String id, Summary base, Summary next, Estimate ratio, double pValue,
                                  Verdict verdict, String reason) {

    public String unit() {
        return (next != null ? next : base).benchmark().unit();
    }

    public String suite() {
        return (next != null ? next : base).benchmark().suite();
    }

    public boolean higherIsBetter() {
        return (next != null ? next : base).benchmark().higherIsBetter();
    }

    /** The relative change of the benchmark's value, {@code ratio - 1} (e.g. +0.20 for a 20% longer time). */
    public double change() {
        return ratio == null ? Double.NaN : ratio.value() - 1;
    }
}
