package dev.chord.reports.render;

import dev.chord.reports.chart.BarChart;
import dev.chord.reports.format.Numbers;
import dev.chord.reports.model.Benchmark;
import dev.chord.reports.model.Units;
import dev.chord.reports.stats.Estimate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Weight bandwidth of matrix-vector benchmarks against the measured memory bandwidth: a matrix-vector product
 * reads every weight byte once and does ~2 flops per weight, so its ceiling is memory bandwidth (the roofline's
 * memory-bound side). A benchmark takes part when it has a {@value Benchmark#PARAM_BYTES_PER_OP} parameter and
 * a time unit; the bandwidth lines come from benchmarks of suite {@value #MEMBW_SUITE} in a bandwidth unit.
 */
final class RooflineSection {
    static final String MEMBW_SUITE = "membw";

    private RooflineSection() {
    }

    /** Weight GB/s of a time benchmark: bytes per op over its median time (interval from the time's interval). */
    static Optional<Estimate> weightGbPerS(ReportContext ctx, Benchmark b) {
        String bytes = b.params().get(Benchmark.PARAM_BYTES_PER_OP);
        OptionalDouble sec = Units.secondsPer(b.unit());
        if (bytes == null || sec.isEmpty()) {
            return Optional.empty();
        }
        double perOp;
        try {
            perOp = Double.parseDouble(bytes);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!(perOp > 0)) {
            return Optional.empty();
        }
        Estimate t = ctx.summary(b).median().scale(sec.getAsDouble());
        return Optional.of(t.reciprocal().scale(perOp / 1e9));
    }

    static Optional<Report.Section> build(ReportContext ctx) {
        String conf = ctx.method().confidenceLabel();
        Map<String, List<BarChart.Bar>> bars = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        List<String[]> lines = new ArrayList<>();
        List<String> badParam = new ArrayList<>();
        for (Run r : ctx.runs()) {
            double peak = 0;
            for (Benchmark b : r.results().benchmarks()) {
                OptionalDouble f = Units.gigabytesPerSecondPer(b.unit());
                if (b.suite().equals(MEMBW_SUITE) && f.isPresent()) {
                    double gb = ctx.summary(b).median().value() * f.getAsDouble();
                    lines.add(new String[] {r.label(), b.id(), Double.toString(gb)});
                    peak = Math.max(peak, gb);
                }
            }
            for (Benchmark b : r.results().benchmarks()) {
                if (b.params().containsKey(Benchmark.PARAM_BYTES_PER_OP)) {
                    Optional<Estimate> gb = weightGbPerS(ctx, b);
                    if (gb.isEmpty()) {
                        badParam.add(b.id());
                        continue;
                    }
                    Estimate e = gb.get();
                    bars.computeIfAbsent(b.id(), k -> new ArrayList<>()).add(BenchmarkSections.bar(r.label(), e));
                    List<String> row = new ArrayList<>();
                    if (ctx.multiRun()) {
                        row.add(r.label());
                    }
                    row.addAll(List.of(b.id(), Numbers.sig(e.value()), Numbers.interval(e.ci()),
                            peak > 0 ? String.format(java.util.Locale.ROOT, "%.0f%%", 100 * e.value() / peak) : "-"));
                    rows.add(row);
                }
            }
        }
        if (rows.isEmpty() && badParam.isEmpty()) {
            return Optional.empty();
        }
        List<Report.Block> blocks = new ArrayList<>();
        blocks.add(new Report.Paragraph("Weight bytes streamed per second = " + Benchmark.PARAM_BYTES_PER_OP
                + " / median time per operation (GB = 10^9 bytes). A matrix-vector product reads each weight once, so "
                + "the measured memory bandwidth is its ceiling (the memory-bound side of the roofline)."));
        if (lines.isEmpty()) {
            blocks.add(new Report.Note("No memory-bandwidth benchmark (suite \"" + MEMBW_SUITE
                    + "\" with a unit such as GB/s) in the input: the roofline line is omitted."));
        }
        if (!rows.isEmpty()) {
            BarChart chart = new BarChart("Weight bandwidth against measured memory bandwidth",
                    "weight GB/s, whiskers: " + conf + " CI" + (lines.isEmpty() ? "" : "; dashed: measured memory bandwidth"));
            bars.forEach((id, list) -> chart.add(new BarChart.Group(id, list)));
            for (String[] l : lines) {
                chart.reference(Double.parseDouble(l[2]), (ctx.multiRun() ? l[0] + " " : "") + l[1]);
            }
            blocks.add(new Report.Figure(ctx.uniqueName("roofline"),
                    "Weight GB/s of matrix-vector benchmarks" + (lines.isEmpty() ? "" : "; dashed lines: measured memory bandwidth"),
                    chart.toSvg()));
            List<String> header = new ArrayList<>();
            List<Boolean> numeric = new ArrayList<>();
            if (ctx.multiRun()) {
                header.add("run");
                numeric.add(false);
            }
            header.addAll(List.of("benchmark", "weight GB/s", conf + " CI", "of peak measured bandwidth"));
            numeric.addAll(List.of(false, true, true, true));
            blocks.add(new Report.Table("roofline", header, numeric, rows));
        }
        if (!badParam.isEmpty()) {
            blocks.add(new Report.Note("Left out (" + Benchmark.PARAM_BYTES_PER_OP
                    + " is not a positive number, or the unit is not a time per operation): " + String.join(", ", badParam)));
        }
        return Optional.of(new Report.Section("roofline", "Weight bandwidth (matrix-vector roofline)", blocks));
    }
}
