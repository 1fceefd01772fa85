package dev.chord.reports.compare;

import dev.chord.reports.stats.Interval;

import java.util.Locale;

/**
 * The verdict of one comparison, from the confidence interval of the ratio {@code new / base} of medians, the
 * Mann–Whitney p-value and a magnitude threshold {@code t}. The ratio is first turned into a slowdown factor
 * {@code s} ({@code new/base} for times, {@code base/new} for rates, so {@code s > 1} is always worse); with
 * {@code [s_lo, s_hi]} its interval:
 * <ul>
 *   <li>UNCHANGED iff {@code 1/(1+t) <= s_lo} and {@code s_hi <= 1+t}: the whole interval is within the threshold;</li>
 *   <li>REGRESSED iff {@code p < alpha} and {@code s_lo > 1+t}: significant, and the whole interval is beyond it;</li>
 *   <li>IMPROVED iff {@code p < alpha} and {@code s_hi < 1/(1+t)};</li>
 *   <li>UNKNOWN otherwise, and whenever there is no interval (fewer than 2 forks on a side).</li>
 * </ul>
 * The band is symmetric in log scale: with t = 5% a 5% slowdown and a 1.05x speedup are the same size.
 */
public final class DecisionRule {
    private DecisionRule() {
    }

    /** A verdict with the reason in words. */
    public record Decision(Verdict verdict, String reason) {
    }

    public static Decision decide(Interval ratioCi, double pValue, boolean higherIsBetter, double threshold,
                                  double alpha) {
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("threshold must be greater than 0, got " + threshold);
        }
        if (ratioCi == null) {
            return new Decision(Verdict.UNKNOWN, "no confidence interval: needs at least 2 forks in each run");
        }
        Interval s = higherIsBetter ? ratioCi.reciprocal() : ratioCi;
        double worse = 1 + threshold;
        double better = 1 / worse;
        String t = pct(threshold);
        if (s.low() >= better && s.high() <= worse) {
            return new Decision(Verdict.UNCHANGED, "CI within ±" + t);
        }
        boolean significant = pValue < alpha;
        if (s.low() > worse) {
            return significant ? new Decision(Verdict.REGRESSED, "p < " + alpha + " and CI entirely beyond " + t + " worse")
                    : new Decision(Verdict.UNKNOWN, "CI beyond " + t + " worse but p = " + p(pValue)
                    + " is not below " + alpha + ": rerun with more forks");
        }
        if (s.high() < better) {
            return significant ? new Decision(Verdict.IMPROVED, "p < " + alpha + " and CI entirely beyond " + t + " better")
                    : new Decision(Verdict.UNKNOWN, "CI beyond " + t + " better but p = " + p(pValue)
                    + " is not below " + alpha + ": rerun with more forks");
        }
        return new Decision(Verdict.UNKNOWN, "CI straddles the ±" + t + " threshold: rerun with more forks");
    }

    /**
     * Parses a threshold as a percentage ({@code "5%"}) or a fraction ({@code "0.05"}).
     *
     * @throws IllegalArgumentException naming the text when it is neither, or not above 0 and below 1000%
     */
    public static double parseThreshold(String text) {
        String t = text.strip();
        double v;
        try {
            v = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100 : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threshold '" + text + "' is not a number; write it as 5% or 0.05");
        }
        if (!t.endsWith("%") && v >= 1) {
            throw new IllegalArgumentException("threshold '" + text + "' is ambiguous; write " + t + "% or "
                    + (v / 100) + " as a fraction");
        }
        if (!(v > 0 && v < 10)) {
            throw new IllegalArgumentException("threshold '" + text + "' must be above 0% and below 1000%");
        }
        return v;
    }

    static String pct(double fraction) {
        String s = String.format(Locale.ROOT, "%.2f", fraction * 100).replaceAll("0+$", "");
        return (s.endsWith(".") ? s.substring(0, s.length() - 1) : s) + "%";
    }

    private static String p(double p) {
        return Double.isNaN(p) ? "n/a" : String.format(Locale.ROOT, "%.3g", p);
    }
}
