package dev.chord.reports.render;

import dev.chord.reports.stats.StatisticalMethod;

import java.util.ArrayList;
import java.util.List;

/**
 * Assembles a {@link Report} from runs. Sections appear only when the input has their kind of data: comparisons
 * need two runs, speedups a benchmark with a baseline, the roofline a benchmark with bytes per op.
 */
public final class ReportBuilder {
    private ReportBuilder() {
    }

    public static Report build(List<Run> runs, StatisticalMethod method, double threshold) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one result set");
        }
        ReportContext ctx = new ReportContext(runs, method, threshold);
        List<Report.Section> sections = new ArrayList<>();
        sections.add(EnvironmentSection.build(ctx));
        sections.add(new Report.Section("method", "Method", List.of(new Report.Paragraph(method.describe()))));
        sections.addAll(ComparisonSection.build(ctx));
        SpeedupSection.build(ctx).ifPresent(sections::add);
        RooflineSection.build(ctx).ifPresent(sections::add);
        sections.addAll(TableSections.build(ctx));
        sections.addAll(BenchmarkSections.build(ctx));
        List<String> described = new ArrayList<>();
        for (Run r : runs) {
            var env = r.results().environment();
            described.add(r.label() + " (" + env.shortCommit() + ", " + env.date() + ")");
        }
        return new Report("Chord report", String.join(" · ", described), sections);
    }
}
