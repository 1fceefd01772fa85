package dev.chord.reports.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * Horizontal bar chart: one group per label, one bar per series in the group, optional confidence whiskers,
 * vertical reference lines (e.g. measured memory bandwidth) and a shaded band (e.g. the ±threshold of a
 * comparison). Horizontal, because benchmark ids are long.
 */
public final class BarChart {
    private static final double WIDTH = 900;
    private static final int MAX_LABEL_CHARS = 56;

    /** One bar; {@code low}/{@code high} are the whisker ends, NaN for none. */
    public record Bar(String series, double value, double low, double high) {
        public Bar {
            Objects.requireNonNull(series);
        }

        public static Bar of(String series, double value) {
            return new Bar(series, value, Double.NaN, Double.NaN);
        }

        boolean hasWhisker() {
            return !Double.isNaN(low) && !Double.isNaN(high);
        }
    }

    /** The bars that share a label. */
    public record Group(String label, List<Bar> bars) {
        public Group {
            bars = List.copyOf(bars);
        }
    }

    /** A vertical line across the plot at {@code value}. */
    public record Reference(double value, String label) {
    }

    private final String title;
    private final String axisLabel;
    private final List<Group> groups = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private final Map<String, String> seriesColors = new LinkedHashMap<>();
    private boolean log;
    private double origin = Double.NaN;
    private double bandLow = Double.NaN;
    private double bandHigh = Double.NaN;
    private String bandLabel = "";
    private DoubleFunction<String> valueFormat = Scale::tickLabel;

    public BarChart(String title, String axisLabel) {
        this.title = title;
        this.axisLabel = axisLabel;
    }

    public BarChart add(Group g) {
        groups.add(g);
        for (Bar b : g.bars()) {
            seriesColors.computeIfAbsent(b.series(), s -> Svg.color(seriesColors.size()));
        }
        return this;
    }

    public BarChart add(String label, Bar... bars) {
        return add(new Group(label, List.of(bars)));
    }

    /** Fixes a series' color (e.g. red for REGRESSED). Call before adding bars of that series. */
    public BarChart color(String series, String color) {
        seriesColors.put(series, color);
        return this;
    }

    public BarChart reference(double value, String label) {
        references.add(new Reference(value, label));
        return this;
    }

    public BarChart logScale(boolean log) {
        this.log = log;
        return this;
    }

    /** Bars start at this value (default 0, or the axis minimum on a log scale); 1 for ratios. */
    public BarChart origin(double origin) {
        this.origin = origin;
        return this;
    }

    public BarChart band(double low, double high, String label) {
        this.bandLow = low;
        this.bandHigh = high;
        this.bandLabel = label;
        return this;
    }

    public BarChart valueFormat(DoubleFunction<String> format) {
        this.valueFormat = format;
        return this;
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    public String toSvg() {
        int labelChars = 8;
        for (Group g : groups) {
            labelChars = Math.max(labelChars, Math.min(MAX_LABEL_CHARS, g.label().length()));
        }
        double left = 12 + labelChars * Svg.CHAR_WIDTH;
        double valueCol = 84;
        double right = WIDTH - valueCol;
        boolean legend = seriesColors.size() > 1 || references.size() > 0 || !Double.isNaN(bandLow);
        double top = 12 + (legend ? 24 : 0);
        int maxBars = groups.stream().mapToInt(g -> g.bars().size()).max().orElse(1);
        double barH = maxBars > 1 ? 13 : 18;
        double gap = maxBars > 1 ? 10 : 6;

        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Group g : groups) {
            for (Bar b : g.bars()) {
                lo = Math.min(lo, b.value());
                hi = Math.max(hi, b.value());
                if (b.hasWhisker()) {
                    lo = Math.min(lo, b.low());
                    hi = Math.max(hi, b.high());
                }
            }
        }
        for (Reference r : references) {
            lo = Math.min(lo, r.value());
            hi = Math.max(hi, r.value());
        }
        if (!Double.isNaN(bandLow)) {
            lo = Math.min(lo, bandLow);
            hi = Math.max(hi, bandHigh);
        }
        if (!Double.isNaN(origin)) {
            lo = Math.min(lo, origin);
            hi = Math.max(hi, origin);
        }
        if (!log && hi > 0) {
            hi *= 1.02;
        }
        Scale x = Scale.of(lo, hi, log, Double.isNaN(origin), left, right);
        double base = Double.isNaN(origin) ? (log ? x.min() : Math.max(0, x.min())) : origin;

        double plotHeight = 0;
        for (Group g : groups) {
            plotHeight += g.bars().size() * barH + gap;
        }
        double bottom = top + plotHeight;
        double height = bottom + 44;
        StringBuilder s = new StringBuilder(Svg.open(WIDTH, height, title));

        if (legend) {
            double lx = left;
            for (var e : seriesColors.entrySet()) {
                s.append("<rect x=\"").append(Svg.n(lx)).append("\" y=\"10\" width=\"12\" height=\"12\" fill=\"")
                        .append(e.getValue()).append("\"/>");
                s.append("<text x=\"").append(Svg.n(lx + 16)).append("\" y=\"20\">").append(Svg.esc(e.getKey()))
                        .append("</text>\n");
                lx += 32 + e.getKey().length() * Svg.CHAR_WIDTH;
            }
            for (Reference r : references) {
                s.append("<line x1=\"").append(Svg.n(lx)).append("\" y1=\"16\" x2=\"").append(Svg.n(lx + 18))
                        .append("\" y2=\"16\" stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"5,3\"/>");
                s.append("<text x=\"").append(Svg.n(lx + 22)).append("\" y=\"20\">").append(Svg.esc(r.label()))
                        .append("</text>\n");
                lx += 40 + r.label().length() * Svg.CHAR_WIDTH;
            }
            if (!Double.isNaN(bandLow)) {
                s.append("<rect x=\"").append(Svg.n(lx)).append("\" y=\"10\" width=\"18\" height=\"12\" fill=\"#dddddd\"/>");
                s.append("<text x=\"").append(Svg.n(lx + 22)).append("\" y=\"20\">").append(Svg.esc(bandLabel))
                        .append("</text>\n");
            }
        }
        if (!Double.isNaN(bandLow)) {
            double a = x.px(bandLow);
            double b = x.px(bandHigh);
            s.append("<rect x=\"").append(Svg.n(a)).append("\" y=\"").append(Svg.n(top)).append("\" width=\"")
                    .append(Svg.n(b - a)).append("\" height=\"").append(Svg.n(plotHeight)).append("\" fill=\"#eeeeee\"/>\n");
        }
        // grid and tick labels
        for (double t : x.ticks()) {
            double px = x.px(t);
            s.append("<line x1=\"").append(Svg.n(px)).append("\" y1=\"").append(Svg.n(top)).append("\" x2=\"")
                    .append(Svg.n(px)).append("\" y2=\"").append(Svg.n(bottom)).append("\" stroke=\"#e4e4e4\"/>");
            s.append("<text x=\"").append(Svg.n(px)).append("\" y=\"").append(Svg.n(bottom + 15))
                    .append("\" text-anchor=\"middle\" fill=\"#444\">").append(Svg.esc(Scale.tickLabel(t))).append("</text>\n");
        }
        s.append("<text x=\"").append(Svg.n((left + right) / 2)).append("\" y=\"").append(Svg.n(bottom + 34))
                .append("\" text-anchor=\"middle\" fill=\"#222\">").append(Svg.esc(axisLabel + (x.isLog() ? " (log scale)" : "")))
                .append("</text>\n");

        double y = top + gap / 2;
        double basePx = x.px(base);
        for (Group g : groups) {
            double gh = g.bars().size() * barH;
            s.append("<text x=\"").append(Svg.n(left - 8)).append("\" y=\"").append(Svg.n(y + gh / 2 + 4))
                    .append("\" text-anchor=\"end\" fill=\"#222\"><title>").append(Svg.esc(g.label())).append("</title>")
                    .append(Svg.esc(Svg.clip(g.label(), MAX_LABEL_CHARS))).append("</text>\n");
            for (Bar b : g.bars()) {
                double v = x.px(b.value());
                double x0 = Math.min(v, basePx);
                double w = Math.max(1, Math.abs(v - basePx));
                String tip = g.label() + (seriesColors.size() > 1 ? " (" + b.series() + ")" : "") + ": "
                        + valueFormat.apply(b.value())
                        + (b.hasWhisker() ? " [" + valueFormat.apply(b.low()) + ", " + valueFormat.apply(b.high()) + "]" : "");
                s.append("<rect class=\"bar\" x=\"").append(Svg.n(x0)).append("\" y=\"").append(Svg.n(y + 1))
                        .append("\" width=\"").append(Svg.n(w)).append("\" height=\"").append(Svg.n(barH - 2))
                        .append("\" fill=\"").append(seriesColors.get(b.series())).append("\"><title>")
                        .append(Svg.esc(tip)).append("</title></rect>\n");
                if (b.hasWhisker()) {
                    double a = x.px(b.low());
                    double c = x.px(b.high());
                    double cy = y + barH / 2;
                    s.append("<path class=\"whisker\" d=\"M").append(Svg.n(a)).append(' ').append(Svg.n(cy)).append("H")
                            .append(Svg.n(c)).append("M").append(Svg.n(a)).append(' ').append(Svg.n(cy - 4)).append("V")
                            .append(Svg.n(cy + 4)).append("M").append(Svg.n(c)).append(' ').append(Svg.n(cy - 4))
                            .append("V").append(Svg.n(cy + 4)).append("\" stroke=\"#222\" stroke-width=\"1.2\" fill=\"none\"/>\n");
                }
                s.append("<text x=\"").append(Svg.n(WIDTH - 6)).append("\" y=\"").append(Svg.n(y + barH / 2 + 4))
                        .append("\" text-anchor=\"end\" fill=\"#333\">").append(Svg.esc(valueFormat.apply(b.value())))
                        .append("</text>\n");
                y += barH;
            }
            y += gap;
        }
        // origin line, references, axis
        s.append("<line x1=\"").append(Svg.n(basePx)).append("\" y1=\"").append(Svg.n(top)).append("\" x2=\"")
                .append(Svg.n(basePx)).append("\" y2=\"").append(Svg.n(bottom)).append("\" stroke=\"#555\"/>\n");
        for (Reference r : references) {
            double px = x.px(r.value());
            s.append("<line class=\"reference\" x1=\"").append(Svg.n(px)).append("\" y1=\"").append(Svg.n(top - 4))
                    .append("\" x2=\"").append(Svg.n(px)).append("\" y2=\"").append(Svg.n(bottom))
                    .append("\" stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"5,3\"><title>")
                    .append(Svg.esc(r.label() + ": " + valueFormat.apply(r.value()))).append("</title></line>\n");
        }
        s.append("<line x1=\"").append(Svg.n(left)).append("\" y1=\"").append(Svg.n(bottom)).append("\" x2=\"")
                .append(Svg.n(right)).append("\" y2=\"").append(Svg.n(bottom)).append("\" stroke=\"#555\"/>\n");
        s.append("</svg>\n");
        return s.toString();
    }
}
