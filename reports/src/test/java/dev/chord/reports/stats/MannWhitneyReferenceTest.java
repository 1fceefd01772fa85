package dev.chord.reports.stats;

import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the library behaviour the verdict relies on, against values computed by hand: two-sided exact
 * p-values of the Mann–Whitney U test for small samples.
 */
class MannWhitneyReferenceTest {
    private static final MannWhitneyUTest TEST = MannWhitneyUTest.withDefaults().with(AlternativeHypothesis.TWO_SIDED);

    @Test
    void fullySeparatedFiveVersusFive() {
        // U = 0 is one of C(10,5) = 252 equally likely rank splits; two-sided doubles it: 2/252.
        double p = TEST.test(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10}).getPValue();
        assertEquals(2.0 / 252, p, 1e-12);
    }

    @Test
    void fullySeparatedTwoVersusTwoCannotBeSignificant() {
        // C(4,2) = 6 splits: the extreme one has probability 1/6, two-sided 1/3.
        double p = TEST.test(new double[] {1, 2}, new double[] {3, 4}).getPValue();
        assertEquals(1.0 / 3, p, 1e-12);
    }

    @Test
    void threeVersusThreeSeparatedIsPointOne() {
        assertEquals(0.1, TEST.test(new double[] {1, 2, 3}, new double[] {4, 5, 6}).getPValue(), 1e-12);
    }
}
