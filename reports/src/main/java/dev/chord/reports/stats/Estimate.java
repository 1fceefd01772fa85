package dev.chord.reports.stats;

/**
 * A point estimate with its confidence interval, or without one when the data cannot give it (fewer than two
 * forks: there is no fork-to-fork spread to resample).
 */
public record Estimate(double value, Interval ci) {

    public static Estimate withoutCi(double value) {
        return new Estimate(value, null);
    }

    public boolean hasCi() {
        return ci != null;
    }

    public Estimate reciprocal() {
        return new Estimate(1 / value, ci == null ? null : ci.reciprocal());
    }

    public Estimate scale(double factor) {
        return new Estimate(value * factor, ci == null ? null : ci.scale(factor));
    }
}
