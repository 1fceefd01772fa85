package dev.chord.reports.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a report plots a {@link ResultTable}: one chart per {@code y} column.
 *
 * @param type   {@link ChartType#BAR}: one bar per row labelled by the {@code x} (and series) cells;
 *               {@link ChartType#LINE}: numeric {@code x}, one line per distinct combination of series cells
 * @param x      the column giving categories (bar) or the horizontal axis (line)
 * @param y      the numeric columns to plot
 * @param series columns whose cells split rows into series (may be empty)
 * @param logX   logarithmic horizontal axis (line charts)
 * @param logY   logarithmic value axis
 */
public record ChartSpec(ChartType type, String x, List<String> y, List<String> series, boolean logX, boolean logY) {

    public ChartSpec {
        Objects.requireNonNull(type, "type");
        if (x == null || x.isBlank()) {
            throw new IllegalArgumentException("chart x column is missing");
        }
        y = List.copyOf(y);
        if (y.isEmpty()) {
            throw new IllegalArgumentException("chart needs at least one y column");
        }
        series = List.copyOf(Objects.requireNonNullElse(series, List.of()));
    }

    public static ChartSpec bar(String x, String... y) {
        return new ChartSpec(ChartType.BAR, x, List.of(y), List.of(), false, false);
    }

    public static ChartSpec line(String x, String... y) {
        return new ChartSpec(ChartType.LINE, x, List.of(y), List.of(), false, false);
    }

    public ChartSpec withSeries(String... columns) {
        return new ChartSpec(type, x, y, List.of(columns), logX, logY);
    }

    public ChartSpec withLogX() {
        return new ChartSpec(type, x, y, series, true, logY);
    }

    public ChartSpec withLogY() {
        return new ChartSpec(type, x, y, series, logX, true);
    }

    /** Every column the chart refers to. */
    public List<String> columns() {
        List<String> all = new ArrayList<>();
        all.add(x);
        all.addAll(y);
        all.addAll(series);
        return all;
    }

    /** The chart kinds a table can ask for. */
    public enum ChartType {
        BAR, LINE;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
