package dev.chord.reports.render;

import dev.chord.reports.chart.BarChart;
import dev.chord.reports.format.Numbers;
import dev.chord.reports.model.Benchmark;
import dev.chord.reports.stats.Estimate;
import dev.chord.reports.stats.Summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One section per suite: every benchmark's median with its confidence interval, per run, as a table and as a
 * chart per unit (the end-to-end suite's tokens/s per policy and prefetch strategy is one of these).
 */
final class BenchmarkSections {
    private BenchmarkSections() {
    }

    static List<Report.Section> build(ReportContext ctx) {
        Map<String, Set<String>> idsBySuite = new LinkedHashMap<>();
        for (Run r : ctx.runs()) {
            for (Benchmark b : r.results().benchmarks()) {
                idsBySuite.computeIfAbsent(b.suite(), s -> new LinkedHashSet<>()).add(b.id());
            }
        }
        List<Report.Section> out = new ArrayList<>();
        idsBySuite.forEach((suite, ids) -> out.add(suite(ctx, suite, ids)));
        return out;
    }

    private static Report.Section suite(ReportContext ctx, String suite, Set<String> ids) {
        String conf = ctx.method().confidenceLabel();
        List<String> header = new ArrayList<>(List.of("benchmark", "unit"));
        List<Boolean> numeric = new ArrayList<>(List.of(false, false));
        for (Run r : ctx.runs()) {
            String p = ctx.multiRun() ? r.label() + ": " : "";
            header.addAll(List.of(p + "median", p + conf + " CI", p + "forks", p + "fork CV"));
            numeric.addAll(List.of(true, true, true, true));
        }
        List<List<String>> rows = new ArrayList<>();
        Map<String, BarChart> charts = new LinkedHashMap<>();
        for (String id : ids) {
            Benchmark any = null;
            List<String> row = new ArrayList<>();
            List<String> cells = new ArrayList<>();
            for (Run r : ctx.runs()) {
                Optional<Benchmark> b = r.results().benchmark(id);
                if (b.isEmpty()) {
                    cells.addAll(List.of("-", "-", "0", "-"));
                    continue;
                }
                any = any == null ? b.get() : any;
                Summary s = ctx.summary(b.get());
                cells.add(Numbers.sig(s.median().value()));
                cells.add(Numbers.interval(s.median().ci()));
                cells.add(Integer.toString(s.forks()));
                cells.add(Double.isNaN(s.forkCv()) ? "-" : String.format(java.util.Locale.ROOT, "%.1f%%", s.forkCv() * 100));
            }
            row.add(id);
            row.add(any.unit());
            row.addAll(cells);
            rows.add(row);
            String unit = any.unit();
            String direction = any.higherIsBetter() ? " (higher is better)" : " (lower is better)";
            BarChart chart = charts.computeIfAbsent(unit, u -> new BarChart(suite + ": median per benchmark (" + u + ")",
                    u + direction + ", whiskers: " + conf + " CI"));
            List<BarChart.Bar> bars = new ArrayList<>();
            for (Run r : ctx.runs()) {
                r.results().benchmark(id).ifPresent(b -> bars.add(bar(r.label(), ctx.summary(b).median())));
            }
            chart.add(new BarChart.Group(id, bars));
        }
        List<Report.Block> blocks = new ArrayList<>();
        blocks.add(new Report.Paragraph("Median of the fork means per benchmark, with its " + conf
                + " bootstrap confidence interval over forks; fork CV is the spread of the fork means (standard "
                + "deviation over mean). Parameters of each benchmark are in benchmarks.csv."));
        blocks.add(new Report.Table("benchmarks-" + suite, header, numeric, rows));
        charts.forEach((unit, chart) -> {
            chart.logScale(spansDecades(chart, ctx, suite, unit));
            blocks.add(new Report.Figure(ctx.uniqueName("suite " + suite + " " + unit),
                    suite + ": median " + unit + " per benchmark with " + conf + " CI whiskers", chart.toSvg()));
        });
        return new Report.Section("suite-" + ctx.uniqueName(suite), "Benchmarks: " + suite, blocks);
    }

    static BarChart.Bar bar(String series, Estimate e) {
        return e.hasCi() ? new BarChart.Bar(series, e.value(), e.ci().low(), e.ci().high())
                : BarChart.Bar.of(series, e.value());
    }

    /** Log scale when the medians of one chart span more than a factor 30 (e.g. matrix shapes of different sizes). */
    private static boolean spansDecades(BarChart chart, ReportContext ctx, String suite, String unit) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (Run r : ctx.runs()) {
            for (Benchmark b : r.results().benchmarks()) {
                if (b.suite().equals(suite) && b.unit().equals(unit)) {
                    double v = ctx.summary(b).median().value();
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return hi / lo > 30;
    }
}
