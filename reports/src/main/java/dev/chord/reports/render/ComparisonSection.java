package dev.chord.reports.render;

import dev.chord.reports.chart.BarChart;
import dev.chord.reports.compare.BenchmarkComparison;
import dev.chord.reports.compare.Comparison;
import dev.chord.reports.compare.ComparisonText;
import dev.chord.reports.compare.Verdict;
import dev.chord.reports.format.Numbers;
import dev.chord.reports.stats.Estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** With several runs: every later run compared with the first (the base), with verdicts. */
final class ComparisonSection {
    static final Map<Verdict, String> COLORS = Map.of(Verdict.REGRESSED, "#d62728", Verdict.IMPROVED, "#2ca02c",
            Verdict.UNCHANGED, "#9e9e9e", Verdict.UNKNOWN, "#f0a030");

    private ComparisonSection() {
    }

    static List<Report.Section> build(ReportContext ctx) {
        List<Report.Section> out = new ArrayList<>();
        Run base = ctx.runs().getFirst();
        for (int i = 1; i < ctx.runs().size(); i++) {
            Run next = ctx.runs().get(i);
            Comparison c = Comparison.compare(base.results(), next.results(), ctx.threshold(), ctx.method());
            out.add(section(ctx, c, base, next));
        }
        return out;
    }

    private static Report.Section section(ReportContext ctx, Comparison c, Run base, Run next) {
        String conf = ctx.method().confidenceLabel();
        List<Report.Block> blocks = new ArrayList<>();
        blocks.add(new Report.Paragraph(ComparisonText.rule(c)));
        StringBuilder counts = new StringBuilder();
        c.counts().forEach((v, n) -> {
            if (n > 0) {
                counts.append(counts.isEmpty() ? "" : ", ").append(n).append(' ').append(v.name());
            }
        });
        blocks.add(new Report.Paragraph(c.results().size() + " benchmarks: " + counts + "."));
        BarChart chart = new BarChart("Speed of " + next.label() + " relative to " + base.label(),
                "speed relative to " + base.label() + " (>1 is faster), whiskers: " + conf + " CI")
                .logScale(true).origin(1).valueFormat(v -> Numbers.signedPercent(v - 1))
                .band(1 / (1 + c.threshold()), 1 + c.threshold(), "±" + Numbers.sig(c.threshold() * 100) + "% threshold");
        for (Verdict v : List.of(Verdict.REGRESSED, Verdict.IMPROVED, Verdict.UNCHANGED, Verdict.UNKNOWN)) {
            chart.color(v.name(), COLORS.get(v));
        }
        List<List<String>> rows = new ArrayList<>();
        for (BenchmarkComparison r : c.results()) {
            rows.add(List.of(r.verdict().name(), r.id(), r.unit(),
                    r.base() == null ? "-" : Numbers.sig(r.base().median().value()),
                    r.next() == null ? "-" : Numbers.sig(r.next().median().value()),
                    Numbers.signedPercent(r.change()),
                    r.ratio() == null ? "n/a" : Numbers.changeInterval(r.ratio().ci()),
                    Numbers.pValue(r.pValue()),
                    (r.base() == null ? 0 : r.base().forks()) + "/" + (r.next() == null ? 0 : r.next().forks()),
                    r.reason()));
            if (r.ratio() != null) {
                Estimate speed = r.higherIsBetter() ? r.ratio() : r.ratio().reciprocal();
                chart.add(new BarChart.Group(r.id(), List.of(BenchmarkSections.bar(r.verdict().name(), speed))));
            }
        }
        if (!chart.isEmpty()) {
            blocks.add(new Report.Figure(ctx.uniqueName("compare " + next.label()), "Speed of " + next.label()
                    + " relative to " + base.label() + " per benchmark; grey band: the ±threshold", chart.toSvg()));
        }
        blocks.add(new Report.Table("compare-" + ctx.uniqueName(next.label()), List.of("verdict", "benchmark", "unit",
                base.label() + " median", next.label() + " median", "change", conf + " CI of change", "p",
                "forks", "why"), List.of(false, false, false, true, true, true, true, true, true, false), rows));
        return new Report.Section("compare-" + ctx.uniqueName(next.label() + "-vs-" + base.label()),
                "Changes: " + next.label() + " against " + base.label(), blocks);
    }
}
