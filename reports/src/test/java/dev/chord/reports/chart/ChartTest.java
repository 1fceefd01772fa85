package dev.chord.reports.chart;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartTest {

    @Test
    void linearTicksAreRoundAndCoverTheData() {
        Scale s = Scale.of(0.3, 11.6, false, true, 0, 100);
        assertEquals(List.of(0.0, 2.5, 5.0, 7.5, 10.0, 12.5), s.ticks());
        assertEquals(0, s.px(0), 1e-9);
        assertEquals(100, s.px(12.5), 1e-9);
    }

    @Test
    void logTicksArePowersOfTen() {
        Scale s = Scale.of(0.00078, 0.0124, true, false, 0, 100);
        assertTrue(s.isLog());
        assertTrue(s.ticks().contains(0.001) && s.ticks().contains(0.01), s.ticks().toString());
        assertTrue(s.min() <= 0.00078 && s.max() >= 0.0124);
        assertTrue(s.px(0.001) < s.px(0.01));
    }

    @Test
    void narrowLogRangeFallsBackToLinear() {
        Scale s = Scale.of(0.83, 1.2, true, false, 0, 100);
        assertFalse(s.isLog());
        assertTrue(s.ticks().contains(1.0), s.ticks().toString());
    }

    @Test
    void niceSteps() {
        assertEquals(2.5, Scale.niceStep(2.3));
        assertEquals(0.05, Scale.niceStep(0.041), 1e-12);
        assertEquals(100, Scale.niceStep(77));
    }

    @Test
    void barChartDrawsOneRectPerBarAndWhiskers() {
        BarChart c = new BarChart("t", "x").add("a", new BarChart.Bar("run1", 2, 1.5, 2.5), BarChart.Bar.of("run2", 3))
                .add("b<&>", BarChart.Bar.of("run1", 1)).reference(4, "peak");
        String svg = c.toSvg();
        assertEquals(3, svg.split("class=\"bar\"", -1).length - 1);
        assertEquals(1, svg.split("class=\"whisker\"", -1).length - 1);
        assertEquals(1, svg.split("class=\"reference\"", -1).length - 1);
        assertTrue(svg.contains("b&lt;&amp;&gt;"));
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    }

    @Test
    void lineChartSkipsNonPositiveValuesOnLogAxes() {
        LineChart c = new LineChart("t", "x", "y").logX(true)
                .add(new LineChart.Series("s", List.of(new LineChart.Point(0, 1), new LineChart.Point(10, 2),
                        new LineChart.Point(100, 3))));
        String svg = c.toSvg();
        assertEquals(2, svg.split("<circle", -1).length - 1);
        assertFalse(svg.contains("NaN") || svg.contains("Infinity"));
    }
}
