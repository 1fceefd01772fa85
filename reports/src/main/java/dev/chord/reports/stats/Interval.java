package dev.chord.reports.stats;

/** A closed interval {@code [low, high]}, e.g. a confidence interval. */
public record Interval(double low, double high) {
    public Interval {
        if (!(low <= high)) {
            throw new IllegalArgumentException("interval [" + low + ", " + high + "] is empty or not a number");
        }
    }

    public boolean contains(double v) {
        return low <= v && v <= high;
    }

    /** {@code [1/high, 1/low]}: the interval of the reciprocal of a positive quantity. */
    public Interval reciprocal() {
        return new Interval(1 / high, 1 / low);
    }

    public Interval scale(double factor) {
        return factor >= 0 ? new Interval(low * factor, high * factor) : new Interval(high * factor, low * factor);
    }
}
