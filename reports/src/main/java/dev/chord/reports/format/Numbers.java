package dev.chord.reports.format;

import dev.chord.reports.stats.Estimate;
import dev.chord.reports.stats.Interval;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Formats numbers for people: a few significant digits, no exponent for everyday magnitudes. */
public final class Numbers {
    private Numbers() {
    }

    /** {@code v} with 4 significant digits, e.g. 1234.5 -> "1235", 0.012345 -> "0.01235", 1.5e-7 -> "1.5e-07". */
    public static String sig(double v) {
        return sig(v, 4);
    }

    public static String sig(double v, int digits) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e15) {
            BigDecimal d = new BigDecimal(v).round(new MathContext(digits));
            String s = d.toPlainString();
            if (s.contains(".")) {
                s = s.replaceAll("0+$", "");
                if (s.endsWith(".")) {
                    s = s.substring(0, s.length() - 1);
                }
            }
            return s;
        }
        return String.format(Locale.ROOT, "%." + (digits - 1) + "e", v).replaceAll("\\.?0+e", "e");
    }

    /** A fraction as a signed percentage: 0.2013 -> "+20.1%". */
    public static String signedPercent(double fraction) {
        if (Double.isNaN(fraction)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
    }

    /** A ratio as a factor: 2.3456 -> "2.35x". */
    public static String factor(double ratio) {
        if (Double.isNaN(ratio)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, ratio >= 10 ? "%.1fx" : "%.2fx", ratio);
    }

    /** An interval as "[lo, hi]" with 4 significant digits, or "n/a". */
    public static String interval(Interval ci) {
        return ci == null ? "n/a" : "[" + sig(ci.low()) + ", " + sig(ci.high()) + "]";
    }

    /** A ratio interval as changes, "[+14.0%, +26.2%]". */
    public static String changeInterval(Interval ratioCi) {
        return ratioCi == null ? "n/a" : "[" + signedPercent(ratioCi.low() - 1) + ", " + signedPercent(ratioCi.high() - 1) + "]";
    }

    public static String factorInterval(Interval ci) {
        return ci == null ? "n/a" : "[" + factor(ci.low()) + ", " + factor(ci.high()) + "]";
    }

    /** "123.4 [120.1, 125.0]" for an estimate. */
    public static String estimate(Estimate e) {
        return sig(e.value()) + (e.hasCi() ? " " + interval(e.ci()) : "");
    }

    /** A p-value with 2 significant digits. */
    public static String pValue(double p) {
        if (Double.isNaN(p)) {
            return "n/a";
        }
        return p < 1e-4 ? "<0.0001" : sig(p, 2);
    }

    /** A cell of a result table as text: numbers with up to 6 significant digits, null as empty. */
    public static String cell(Object v) {
        return switch (v) {
            case null -> "";
            case Double d -> sig(d, 6);
            case Float f -> sig(f, 6);
            default -> String.valueOf(v);
        };
    }
}
