package dev.chord.harness.bench;

import dev.chord.cache.sim.Sweep;
import dev.chord.reports.model.ChartSpec;
import dev.chord.reports.model.ResultTable;

/** A cache-simulation sweep as a results table: hit-ratio curves over the budget, tokens/s per policy and prefetch. */
public final class CacheSimResults {
    private CacheSimResults() {
    }

    public static ResultTable table(Sweep.Result r) {
        long layerBytes = r.workload().layerBytes();
        ResultTable.Builder t = ResultTable.builder("cache-sim").kind("cache")
                .title("Cache simulation: " + r.workload().description() + "; " + r.cost())
                .column("budget_pct", "%", "budget as a percentage of the layer bytes")
                .column("policy").column("prefetch")
                .column("hit_ratio").column("byte_hit_ratio")
                .column("bytes_loaded_per_token", "B", "bytes loaded per token")
                .column("stall_ms_per_token", "ms", "simulated stall per token")
                .column("tok_per_s", "tok/s", "simulated tokens per second")
                .chart(ChartSpec.line("budget_pct", "hit_ratio", "tok_per_s").withSeries("policy", "prefetch"));
        for (Sweep.Cell c : r.cells()) {
            var s = c.stats();
            t.row("budget_pct", percent(c.budget(), c.budgetBytes(), layerBytes), "policy", c.policy(),
                    "prefetch", c.prefetch(), "hit_ratio", s.hitRatio(), "byte_hit_ratio", s.byteHitRatio(),
                    "bytes_loaded_per_token", c.bytesLoadedPerToken(), "stall_ms_per_token", c.stallMillisPerToken(),
                    "tok_per_s", Double.isFinite(c.tokensPerSecond()) ? c.tokensPerSecond() : 0.0);
        }
        return t.build();
    }

    /** The budget as asked ("25%"), or its bytes as a percentage of the layer bytes. */
    private static double percent(String label, long bytes, long layerBytes) {
        if (label.endsWith("%")) {
            try {
                return Double.parseDouble(label.substring(0, label.length() - 1));
            } catch (NumberFormatException e) {
                // fall through to the byte ratio
            }
        }
        return 100.0 * bytes / Math.max(1, layerBytes);
    }
}
