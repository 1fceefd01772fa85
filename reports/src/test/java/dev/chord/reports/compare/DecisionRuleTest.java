package dev.chord.reports.compare;

import dev.chord.reports.stats.Interval;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecisionRuleTest {
    private static final double T = 0.05;
    private static final double ALPHA = 0.05;

    private static Verdict time(double lo, double hi, double p) {
        return DecisionRule.decide(new Interval(lo, hi), p, false, T, ALPHA).verdict();
    }

    private static Verdict rate(double lo, double hi, double p) {
        return DecisionRule.decide(new Interval(lo, hi), p, true, T, ALPHA).verdict();
    }

    @Test
    void timesLongerBeyondThresholdWithSignificanceRegress() {
        assertEquals(Verdict.REGRESSED, time(1.12, 1.28, 0.008));
        assertEquals(Verdict.REGRESSED, time(1.0501, 1.06, 0.049));
    }

    @Test
    void significanceAloneIsNotEnough() {
        assertEquals(Verdict.UNKNOWN, time(1.03, 1.12, 0.001), "CI straddles 1.05");
        assertEquals(Verdict.UNCHANGED, time(1.01, 1.04, 0.001), "significant but smaller than the threshold");
    }

    @Test
    void magnitudeAloneIsNotEnough() {
        assertEquals(Verdict.UNKNOWN, time(1.12, 1.28, 0.1));
        assertEquals(Verdict.UNKNOWN, time(0.7, 0.8, 0.06));
        assertEquals(Verdict.UNKNOWN, time(1.12, 1.28, Double.NaN));
    }

    @Test
    void bandIsSymmetricInLogScale() {
        double better = 1 / 1.05;
        assertEquals(Verdict.UNCHANGED, time(better, 1.05, 1.0));
        assertEquals(Verdict.UNKNOWN, time(better - 1e-6, 1.0, 1.0));
        assertEquals(Verdict.IMPROVED, time(0.80, better - 1e-6, 0.01));
        assertEquals(Verdict.UNKNOWN, time(0.80, 0.96, 0.01), "0.96 > 1/1.05: inside the band");
    }

    @Test
    void ratesAreMirrored() {
        assertEquals(Verdict.REGRESSED, rate(0.78, 0.9, 0.008), "20% fewer tokens/s");
        assertEquals(Verdict.IMPROVED, rate(1.1, 1.3, 0.008));
        assertEquals(Verdict.UNCHANGED, rate(0.97, 1.03, 0.5));
    }

    @Test
    void noIntervalIsUnknown() {
        assertEquals(Verdict.UNKNOWN, DecisionRule.decide(null, 0.001, false, T, ALPHA).verdict());
    }

    @Test
    void thresholdsParseAsPercentOrFraction() {
        assertEquals(0.05, DecisionRule.parseThreshold("5%"), 1e-15);
        assertEquals(0.025, DecisionRule.parseThreshold(" 2.5 % "), 1e-15);
        assertEquals(0.05, DecisionRule.parseThreshold("0.05"), 1e-15);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DecisionRule.parseThreshold("5"))
                .getMessage().contains("ambiguous"));
        assertThrows(IllegalArgumentException.class, () -> DecisionRule.parseThreshold("five"));
        assertThrows(IllegalArgumentException.class, () -> DecisionRule.parseThreshold("0%"));
        assertThrows(IllegalArgumentException.class, () -> DecisionRule.parseThreshold("-3%"));
    }

    @Test
    void thresholdMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> DecisionRule.decide(new Interval(1, 1), 1, false, 0, ALPHA));
    }
}
