package dev.chord.reports.render;

import dev.chord.reports.chart.BarChart;
import dev.chord.reports.format.Numbers;
import dev.chord.reports.model.Benchmark;
import dev.chord.reports.stats.Estimate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Speedup of every benchmark that names a {@code baseline} (e.g. a vector kernel over the scalar reference for
 * the same format and shape): ratio of medians with a bootstrap interval, per run.
 */
final class SpeedupSection {
    private SpeedupSection() {
    }

    /** Speedup of {@code b} over its baseline: >1 is faster (times: base/b; rates: b/base). */
    static Estimate speedup(ReportContext ctx, Benchmark b, Benchmark base) {
        double[] mine = ctx.summary(b).forkMeans();
        double[] theirs = ctx.summary(base).forkMeans();
        long seed = ctx.method().seedFor(b.id() + "|" + base.id());
        return b.higherIsBetter() ? ctx.method().bootstrap().ratioOfMedians(mine, theirs, seed)
                : ctx.method().bootstrap().ratioOfMedians(theirs, mine, seed);
    }

    static Optional<Report.Section> build(ReportContext ctx) {
        String conf = ctx.method().confidenceLabel();
        Map<String, List<BarChart.Bar>> bars = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Run r : ctx.runs()) {
            for (Benchmark b : r.results().benchmarks()) {
                if (b.baseline() == null) {
                    continue;
                }
                Benchmark base = r.results().benchmark(b.baseline()).orElseThrow();
                if (!base.unit().equals(b.unit()) || base.higherIsBetter() != b.higherIsBetter()) {
                    skipped.add(b.id() + " (" + b.unit() + ") vs " + base.id() + " (" + base.unit() + ")");
                    continue;
                }
                Estimate s = speedup(ctx, b, base);
                bars.computeIfAbsent(b.id(), k -> new ArrayList<>()).add(BenchmarkSections.bar(r.label(), s));
                List<String> row = new ArrayList<>();
                if (ctx.multiRun()) {
                    row.add(r.label());
                }
                row.addAll(List.of(b.id(), base.id(), Numbers.factor(s.value()), Numbers.factorInterval(s.ci())));
                rows.add(row);
            }
        }
        if (rows.isEmpty() && skipped.isEmpty()) {
            return Optional.empty();
        }
        List<String> header = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        if (ctx.multiRun()) {
            header.add("run");
            numeric.add(false);
        }
        header.addAll(List.of("benchmark", "baseline", "speedup", conf + " CI"));
        numeric.addAll(List.of(false, false, true, true));
        List<Report.Block> blocks = new ArrayList<>();
        blocks.add(new Report.Paragraph("Speedup over the benchmark's baseline = median of the baseline's fork means "
                + "over the benchmark's (for rates, the other way round), so above 1 is faster; " + conf
                + " percentile-bootstrap interval with both benchmarks' forks resampled."));
        if (!rows.isEmpty()) {
            BarChart chart = new BarChart("Speedup per kernel and format", "speedup over baseline, whiskers: "
                    + conf + " CI").logScale(true).origin(1).valueFormat(Numbers::factor);
            bars.forEach((id, list) -> chart.add(new BarChart.Group(id, list)));
            blocks.add(new Report.Figure(ctx.uniqueName("speedup"), "Speedup per kernel and format over its baseline, "
                    + conf + " CI whiskers", chart.toSvg()));
            blocks.add(new Report.Table("speedups", header, numeric, rows));
        }
        for (String s : skipped) {
            blocks.add(new Report.Note("No speedup for " + s + ": units differ."));
        }
        return Optional.of(new Report.Section("speedups", "Speedups", blocks));
    }
}
