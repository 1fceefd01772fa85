package dev.chord.reports.compare;

import dev.chord.reports.format.Numbers;
import dev.chord.reports.format.TextTable;
import dev.chord.reports.stats.Summary;

import java.util.List;
import java.util.Map;

/** A comparison as a terminal table with a summary and the decision rule. */
public final class ComparisonText {
    private ComparisonText() {
    }

    public static String render(Comparison c, String baseName, String nextName) {
        StringBuilder sb = new StringBuilder();
        sb.append("base: ").append(baseName).append(" (").append(c.base().shortCommit()).append(", ")
                .append(c.base().date()).append(")\n");
        sb.append("new:  ").append(nextName).append(" (").append(c.next().shortCommit()).append(", ")
                .append(c.next().date()).append(")\n");
        for (String d : c.environmentDifferences()) {
            sb.append("warning: environments differ: ").append(d).append('\n');
        }
        sb.append('\n');
        String conf = c.method().confidenceLabel();
        TextTable t = new TextTable(List.of("verdict", "benchmark", "unit", "base", "new", "change",
                conf + " CI of change", "p", "forks", "why"), false, false, false, true, true, true, false, true, true, false);
        for (BenchmarkComparison r : c.results()) {
            t.add(List.of(r.verdict().name(), r.id(), r.unit(), median(r.base()), median(r.next()),
                    Numbers.signedPercent(r.change()), r.ratio() == null ? "n/a" : Numbers.changeInterval(r.ratio().ci()),
                    Numbers.pValue(r.pValue()), forks(r.base()) + "/" + forks(r.next()), r.reason()));
        }
        sb.append(t.render()).append('\n');
        Map<Verdict, Integer> counts = c.counts();
        StringBuilder summary = new StringBuilder();
        counts.forEach((v, n) -> {
            if (n > 0) {
                summary.append(summary.isEmpty() ? "" : ", ").append(n).append(' ').append(v.name());
            }
        });
        sb.append(c.results().size()).append(" benchmarks: ").append(summary).append('\n');
        sb.append(rule(c)).append('\n');
        return sb.toString();
    }

    /** The decision rule with this comparison's numbers, in one paragraph. */
    public static String rule(Comparison c) {
        String t = DecisionRule.pct(c.threshold());
        return "Change = median(new)/median(base) - 1 of the fork means, " + c.method().confidenceLabel()
                + " percentile-bootstrap CI over forks (" + String.format(java.util.Locale.ROOT, "%,d",
                c.method().resamples()) + " resamples); p = two-sided Mann-Whitney U on fork means. "
                + "REGRESSED/IMPROVED iff p < " + c.method().alpha() + " and the whole CI is beyond " + t
                + " worse/better; UNCHANGED iff the whole CI is within ±" + t + "; otherwise UNKNOWN (rerun with more forks).";
    }

    private static String median(Summary s) {
        return s == null ? "-" : Numbers.sig(s.median().value());
    }

    private static String forks(Summary s) {
        return s == null ? "0" : Integer.toString(s.forks());
    }
}
