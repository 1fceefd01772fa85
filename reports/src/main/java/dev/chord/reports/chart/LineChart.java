package dev.chord.reports.chart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Line chart of numeric x against y, one polyline with point markers per series, legend on the right. */
public final class LineChart {
    private static final double WIDTH = 900;
    private static final double HEIGHT = 380;

    public record Point(double x, double y) {
    }

    public record Series(String name, List<Point> points) {
        public Series {
            points = points.stream().sorted(Comparator.comparingDouble(Point::x)).toList();
        }
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logX;
    private boolean logY;

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LineChart add(Series s) {
        series.add(s);
        return this;
    }

    public LineChart logX(boolean v) {
        this.logX = v;
        return this;
    }

    public LineChart logY(boolean v) {
        this.logY = v;
        return this;
    }

    public boolean isEmpty() {
        return series.stream().allMatch(s -> s.points().isEmpty());
    }

    public String toSvg() {
        int legendChars = series.stream().mapToInt(s -> Math.min(32, s.name().length())).max().orElse(4);
        double left = 70;
        double right = WIDTH - 36 - legendChars * Svg.CHAR_WIDTH;
        double top = 16;
        double bottom = HEIGHT - 48;
        double xlo = Double.POSITIVE_INFINITY;
        double xhi = Double.NEGATIVE_INFINITY;
        double ylo = Double.POSITIVE_INFINITY;
        double yhi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (Point p : s.points()) {
                if (logX && p.x() <= 0 || logY && p.y() <= 0) {
                    continue;
                }
                xlo = Math.min(xlo, p.x());
                xhi = Math.max(xhi, p.x());
                ylo = Math.min(ylo, p.y());
                yhi = Math.max(yhi, p.y());
            }
        }
        Scale x = Scale.of(xlo, xhi, logX, false, left, right);
        Scale y = Scale.of(ylo, yhi, logY, true, bottom, top);
        StringBuilder s = new StringBuilder(Svg.open(WIDTH, HEIGHT, title));
        for (double t : x.ticks()) {
            double px = x.px(t);
            s.append("<line x1=\"").append(Svg.n(px)).append("\" y1=\"").append(Svg.n(top)).append("\" x2=\"")
                    .append(Svg.n(px)).append("\" y2=\"").append(Svg.n(bottom)).append("\" stroke=\"#e4e4e4\"/>");
            s.append("<text x=\"").append(Svg.n(px)).append("\" y=\"").append(Svg.n(bottom + 15))
                    .append("\" text-anchor=\"middle\" fill=\"#444\">").append(Svg.esc(Scale.tickLabel(t))).append("</text>\n");
        }
        for (double t : y.ticks()) {
            double py = y.px(t);
            s.append("<line x1=\"").append(Svg.n(left)).append("\" y1=\"").append(Svg.n(py)).append("\" x2=\"")
                    .append(Svg.n(right)).append("\" y2=\"").append(Svg.n(py)).append("\" stroke=\"#e4e4e4\"/>");
            s.append("<text x=\"").append(Svg.n(left - 6)).append("\" y=\"").append(Svg.n(py + 4))
                    .append("\" text-anchor=\"end\" fill=\"#444\">").append(Svg.esc(Scale.tickLabel(t))).append("</text>\n");
        }
        s.append("<path d=\"M").append(Svg.n(left)).append(' ').append(Svg.n(top)).append("V").append(Svg.n(bottom))
                .append("H").append(Svg.n(right)).append("\" stroke=\"#555\" fill=\"none\"/>\n");
        s.append("<text x=\"").append(Svg.n((left + right) / 2)).append("\" y=\"").append(Svg.n(HEIGHT - 12))
                .append("\" text-anchor=\"middle\" fill=\"#222\">").append(Svg.esc(xLabel + (x.isLog() ? " (log scale)" : ""))).append("</text>\n");
        s.append("<text transform=\"translate(16 ").append(Svg.n((top + bottom) / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\" fill=\"#222\">").append(Svg.esc(yLabel + (y.isLog() ? " (log scale)" : ""))).append("</text>\n");
        for (int i = 0; i < series.size(); i++) {
            Series ser = series.get(i);
            String color = Svg.color(i);
            StringBuilder path = new StringBuilder();
            for (Point p : ser.points()) {
                if (logX && p.x() <= 0 || logY && p.y() <= 0) {
                    continue;
                }
                path.append(path.isEmpty() ? "M" : "L").append(Svg.n(x.px(p.x()))).append(' ').append(Svg.n(y.px(p.y())));
            }
            s.append("<path class=\"series\" d=\"").append(path).append("\" stroke=\"").append(color)
                    .append("\" stroke-width=\"2\" fill=\"none\"/>\n");
            for (Point p : ser.points()) {
                if (logX && p.x() <= 0 || logY && p.y() <= 0) {
                    continue;
                }
                s.append("<circle cx=\"").append(Svg.n(x.px(p.x()))).append("\" cy=\"").append(Svg.n(y.px(p.y())))
                        .append("\" r=\"3.5\" fill=\"").append(color).append("\"><title>").append(Svg.esc(ser.name()))
                        .append(": ").append(Svg.esc(Scale.tickLabel(p.x()))).append(" → ")
                        .append(Svg.esc(dev.chord.reports.format.Numbers.sig(p.y()))).append("</title></circle>\n");
            }
            double ly = top + 8 + i * 18;
            s.append("<line x1=\"").append(Svg.n(right + 14)).append("\" y1=\"").append(Svg.n(ly)).append("\" x2=\"")
                    .append(Svg.n(right + 30)).append("\" y2=\"").append(Svg.n(ly)).append("\" stroke=\"").append(color)
                    .append("\" stroke-width=\"3\"/>");
            s.append("<text x=\"").append(Svg.n(right + 34)).append("\" y=\"").append(Svg.n(ly + 4)).append("\">")
                    .append("<title>").append(Svg.esc(ser.name())).append("</title>")
                    .append(Svg.esc(Svg.clip(ser.name(), 32))).append("</text>\n");
        }
        s.append("</svg>\n");
        return s.toString();
    }
}
