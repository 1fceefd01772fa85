package dev.chord.reports.chart;

import dev.chord.reports.format.Numbers;

import java.util.ArrayList;
import java.util.List;

/** Maps data values to pixels on a linear or logarithmic axis with readable tick values. */
final class Scale {
    private final boolean log;
    private final double min;
    private final double max;
    private final double p0;
    private final double p1;
    private final List<Double> ticks;

    private Scale(boolean log, double min, double max, double p0, double p1, List<Double> ticks) {
        this.log = log;
        this.min = min;
        this.max = max;
        this.p0 = p0;
        this.p1 = p1;
        this.ticks = ticks;
    }

    /**
     * A scale covering {@code [lo, hi]} extended to tick values. A log scale needs {@code lo > 0}; a linear one
     * that starts at or above zero is extended down to zero when {@code fromZero}.
     */
    static Scale of(double lo, double hi, boolean log, boolean fromZero, double p0, double p1) {
        if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            lo = log ? 1 : 0;
            hi = log ? 10 : 1;
        }
        if (log && lo > 0 && hi / lo < 4) {
            // Less than a factor 4: log and linear look alike, and linear ticks are readable (0.9, 1, 1.1, ...).
            log = false;
            fromZero = false;
        }
        if (log) {
            lo = Math.max(lo, Double.MIN_NORMAL);
            if (hi <= lo) {
                lo /= 2;
                hi *= 2;
            }
            int e0 = (int) Math.floor(Math.log10(lo) + 1e-9);
            int e1 = (int) Math.ceil(Math.log10(hi) - 1e-9);
            if (e1 <= e0) {
                e1 = e0 + 1;
            }
            List<Double> t = new ArrayList<>();
            int decades = e1 - e0;
            double[] mult = decades <= 1 ? new double[] {1, 2, 5} : decades <= 3 ? new double[] {1, 3} : new double[] {1};
            for (int e = e0; e <= e1; e++) {
                for (double m : mult) {
                    double v = m * Math.pow(10, e);
                    if (v >= Math.pow(10, e0) * 0.999 && v <= Math.pow(10, e1) * 1.001) {
                        t.add(v);
                    }
                }
            }
            // Tighten to the data when the decade bounds waste space: start/end at the nearest tick around it.
            double tlo = Math.pow(10, e0);
            double thi = Math.pow(10, e1);
            for (double v : t) {
                if (v <= lo) {
                    tlo = v;
                }
            }
            for (int i = t.size() - 1; i >= 0; i--) {
                if (t.get(i) >= hi) {
                    thi = t.get(i);
                }
            }
            final double a = tlo;
            final double b = thi;
            t.removeIf(v -> v < a * 0.999 || v > b * 1.001);
            return new Scale(true, tlo, thi, p0, p1, t);
        }
        if (fromZero && lo >= 0) {
            lo = 0;
        }
        if (hi == lo) {
            hi = lo == 0 ? 1 : lo + Math.abs(lo) * 0.1;
        }
        double step = niceStep((hi - lo) / 5);
        double a = Math.floor(lo / step + 1e-9) * step;
        double b = Math.ceil(hi / step - 1e-9) * step;
        List<Double> t = new ArrayList<>();
        for (int i = 0; a + i * step <= b + step * 1e-6; i++) {
            t.add(clean(a + i * step, step));
        }
        return new Scale(false, a, b, p0, p1, t);
    }

    private static double clean(double v, double step) {
        double q = Math.abs(v) < step * 1e-6 ? 0 : v;
        return Double.parseDouble(Numbers.sig(q, 12));
    }

    static double niceStep(double rough) {
        double mag = Math.pow(10, Math.floor(Math.log10(rough)));
        double f = rough / mag;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * mag;
    }

    double px(double v) {
        double t;
        if (log) {
            v = Math.max(v, min);
            t = (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min));
        } else {
            t = (v - min) / (max - min);
        }
        t = Math.max(-0.02, Math.min(1.02, t));
        return p0 + t * (p1 - p0);
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    boolean isLog() {
        return log;
    }

    List<Double> ticks() {
        return ticks;
    }

    static String tickLabel(double v) {
        return Numbers.sig(v, 3);
    }
}
