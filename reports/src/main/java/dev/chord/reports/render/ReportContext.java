package dev.chord.reports.render;

import dev.chord.reports.model.Benchmark;
import dev.chord.reports.stats.StatisticalMethod;
import dev.chord.reports.stats.Summary;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What every section builder needs: the runs, the statistical settings, and summaries computed once. */
final class ReportContext {
    private final List<Run> runs;
    private final StatisticalMethod method;
    private final double threshold;
    private final Map<Benchmark, Summary> summaries = new HashMap<>();
    private final Map<String, Integer> figureNames = new HashMap<>();

    ReportContext(List<Run> runs, StatisticalMethod method, double threshold) {
        this.runs = List.copyOf(runs);
        this.method = method;
        this.threshold = threshold;
    }

    List<Run> runs() {
        return runs;
    }

    boolean multiRun() {
        return runs.size() > 1;
    }

    StatisticalMethod method() {
        return method;
    }

    double threshold() {
        return threshold;
    }

    Summary summary(Benchmark b) {
        return summaries.computeIfAbsent(b, x -> Summary.of(x, method));
    }

    /** A unique file-name stem for a figure or table, from free text. */
    String uniqueName(String text) {
        String base = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (base.isEmpty()) {
            base = "chart";
        }
        if (base.length() > 60) {
            base = base.substring(0, 60);
        }
        int n = figureNames.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "-" + n;
    }
}
