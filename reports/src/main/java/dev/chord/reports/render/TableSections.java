package dev.chord.reports.render;

import dev.chord.reports.chart.BarChart;
import dev.chord.reports.chart.LineChart;
import dev.chord.reports.format.Numbers;
import dev.chord.reports.model.ChartSpec;
import dev.chord.reports.model.ResultTable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One section per result table (accuracy matrix, cache sweep, ...). A table of the same name in several runs
 * becomes one table with a leading {@code run} column; its chart gets one bar or line per run.
 */
final class TableSections {
    private TableSections() {
    }

    /** Rows of one table name across runs, each row tagged with its run. */
    record Merged(ResultTable first, List<ResultTable.Column> columns, List<String> runs, List<Map<String, Object>> rows) {
    }

    static List<Merged> merge(ReportContext ctx) {
        Map<String, List<Run>> byName = new LinkedHashMap<>();
        for (Run r : ctx.runs()) {
            for (ResultTable t : r.results().tables()) {
                byName.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Merged> out = new ArrayList<>();
        byName.forEach((name, runs) -> {
            ResultTable first = runs.getFirst().results().table(name).orElseThrow();
            Map<String, ResultTable.Column> cols = new LinkedHashMap<>();
            List<String> rowRuns = new ArrayList<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Run r : runs) {
                ResultTable t = r.results().table(name).orElseThrow();
                t.columns().forEach(c -> cols.putIfAbsent(c.name(), c));
                for (Map<String, Object> row : t.rows()) {
                    rowRuns.add(r.label());
                    rows.add(row);
                }
            }
            out.add(new Merged(first, List.copyOf(cols.values()), rowRuns, rows));
        });
        return out;
    }

    static List<Report.Section> build(ReportContext ctx) {
        List<Report.Section> out = new ArrayList<>();
        for (Merged m : merge(ctx)) {
            out.add(section(ctx, m));
        }
        return out;
    }

    private static Report.Section section(ReportContext ctx, Merged m) {
        boolean showRun = new LinkedHashSet<>(m.runs()).size() > 1 || ctx.multiRun();
        List<String> header = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        if (showRun) {
            header.add("run");
            numeric.add(false);
        }
        for (ResultTable.Column c : m.columns()) {
            header.add(c.header());
            numeric.add(m.rows().stream().map(r -> r.get(c.name())).allMatch(v -> v == null || v instanceof Number));
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < m.rows().size(); i++) {
            List<String> row = new ArrayList<>();
            if (showRun) {
                row.add(m.runs().get(i));
            }
            for (ResultTable.Column c : m.columns()) {
                row.add(Numbers.cell(m.rows().get(i).get(c.name())));
            }
            rows.add(row);
        }
        List<Report.Block> blocks = new ArrayList<>();
        List<String> described = m.columns().stream().filter(c -> !c.description().isEmpty())
                .map(c -> c.name() + ": " + c.description()).toList();
        if (!described.isEmpty()) {
            blocks.add(new Report.Paragraph(String.join("; ", described) + "."));
        }
        ChartSpec spec = m.first().chart();
        if (spec != null) {
            for (String y : spec.y()) {
                String svg = spec.type() == ChartSpec.ChartType.BAR ? bar(m, spec, y, showRun) : line(m, spec, y, showRun);
                if (svg != null) {
                    blocks.add(new Report.Figure(ctx.uniqueName(m.first().name() + " " + y),
                            m.first().title() + ": " + y + (spec.type() == ChartSpec.ChartType.LINE ? " over " + spec.x()
                                    : " per " + spec.x()), svg));
                }
            }
        }
        blocks.add(new Report.Table("table-" + m.first().name(), header, numeric, rows));
        return new Report.Section("table-" + ctx.uniqueName(m.first().name()), m.first().title(), blocks);
    }

    private static String unitLabel(Merged m, String column) {
        return m.columns().stream().filter(c -> c.name().equals(column)).findFirst().map(ResultTable.Column::header)
                .orElse(column);
    }

    private static String seriesKey(Map<String, Object> row, List<String> series) {
        List<String> parts = new ArrayList<>();
        for (String s : series) {
            parts.add(Numbers.cell(row.get(s)));
        }
        return String.join(" / ", parts);
    }

    private static String bar(Merged m, ChartSpec spec, String y, boolean showRun) {
        BarChart chart = new BarChart(m.first().title() + ": " + y, unitLabel(m, y)).logScale(spec.logY()).valueFormat(Numbers::sig);
        Map<String, List<BarChart.Bar>> groups = new LinkedHashMap<>();
        for (int i = 0; i < m.rows().size(); i++) {
            Map<String, Object> row = m.rows().get(i);
            if (!(row.get(y) instanceof Number n) || spec.logY() && n.doubleValue() <= 0) {
                continue;
            }
            String label = Numbers.cell(row.get(spec.x()));
            String ser = seriesKey(row, spec.series());
            if (!ser.isEmpty()) {
                label += " / " + ser;
            }
            groups.computeIfAbsent(label, k -> new ArrayList<>())
                    .add(BarChart.Bar.of(showRun ? m.runs().get(i) : y, n.doubleValue()));
        }
        groups.forEach((label, bars) -> chart.add(new BarChart.Group(label, bars)));
        return chart.isEmpty() ? null : chart.toSvg();
    }

    private static String line(Merged m, ChartSpec spec, String y, boolean showRun) {
        LineChart chart = new LineChart(m.first().title() + ": " + y, unitLabel(m, spec.x()), unitLabel(m, y)).logX(spec.logX()).logY(spec.logY());
        Map<String, List<LineChart.Point>> series = new LinkedHashMap<>();
        for (int i = 0; i < m.rows().size(); i++) {
            Map<String, Object> row = m.rows().get(i);
            if (!(row.get(y) instanceof Number vy) || !(row.get(spec.x()) instanceof Number vx)) {
                continue;
            }
            String key = seriesKey(row, spec.series());
            if (showRun) {
                key = key.isEmpty() ? m.runs().get(i) : m.runs().get(i) + ": " + key;
            }
            series.computeIfAbsent(key.isEmpty() ? y : key, k -> new ArrayList<>())
                    .add(new LineChart.Point(vx.doubleValue(), vy.doubleValue()));
        }
        series.forEach((name, points) -> chart.add(new LineChart.Series(name, points)));
        return chart.isEmpty() ? null : chart.toSvg();
    }
}
