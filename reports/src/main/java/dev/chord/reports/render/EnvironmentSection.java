package dev.chord.reports.render;

import dev.chord.reports.compare.Comparison;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where each run was measured, side by side. */
final class EnvironmentSection {
    private EnvironmentSection() {
    }

    static Report.Section build(ReportContext ctx) {
        List<Map<String, String>> described = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (Run r : ctx.runs()) {
            Map<String, String> d = new LinkedHashMap<>(r.results().environment().describe());
            d.put("benchmarks / tables", r.results().benchmarks().size() + " / " + r.results().tables().size());
            described.add(d);
            keys.addAll(d.keySet());
        }
        List<String> header = new ArrayList<>();
        header.add("");
        ctx.runs().forEach(r -> header.add(r.label()));
        List<List<String>> rows = new ArrayList<>();
        for (String k : keys) {
            List<String> row = new ArrayList<>();
            row.add(k);
            described.forEach(d -> row.add(d.getOrDefault(k, "")));
            rows.add(row);
        }
        List<Boolean> numeric = header.stream().map(h -> false).toList();
        List<Report.Block> blocks = new ArrayList<>();
        blocks.add(new Report.Table("environment", header, numeric, rows));
        for (int i = 1; i < ctx.runs().size(); i++) {
            List<String> diffs = Comparison.environmentDifferences(ctx.runs().getFirst().results().environment(),
                    ctx.runs().get(i).results().environment());
            if (!diffs.isEmpty()) {
                blocks.add(new Report.Note(ctx.runs().get(i).label() + " ran in a different environment from "
                        + ctx.runs().getFirst().label() + " (" + String.join("; ", diffs)
                        + "): differences between them measure the machine as well as the code."));
            }
        }
        return new Report.Section("environment", "Environment", blocks);
    }
}
