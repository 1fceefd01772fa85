package dev.chord.reports.compare;

/** The outcome of comparing one benchmark between a base run and a new run. */
public enum Verdict {
    /** Significantly better, and the whole confidence interval is beyond the threshold. */
    IMPROVED,
    /** Significantly worse, and the whole confidence interval is beyond the threshold. */
    REGRESSED,
    /** The whole confidence interval lies within the threshold: any change is too small to matter. */
    UNCHANGED,
    /** The data cannot decide (interval straddles the threshold, test not significant, too few forks, units differ): rerun with more forks. */
    UNKNOWN,
    /** Present in the base run only. */
    ONLY_IN_BASE,
    /** Present in the new run only. */
    ONLY_IN_NEW
}
