package dev.chord.harness.cli;

import dev.chord.cache.ByteBudget;
import dev.chord.cache.sim.CostModel;
import dev.chord.cache.sim.Sweep;
import dev.chord.cache.sim.Workload;
import dev.chord.cache.storage.DeviceModel;
import dev.chord.cache.storage.StorageSpec;
import dev.chord.cache.stream.ModelLayout;
import dev.chord.cache.trace.Trace;
import dev.chord.cache.trace.TraceFormat;
import dev.chord.gguf.GgufFile;
import dev.chord.harness.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sweeps budgets x eviction policies x prefetch strategies over a model's decode order or a recorded trace,
 * on a simulated clock, against the no-cache and all-in-RAM baselines.
 */
@Command(name = "cache-sim", description = {
        "Simulate weight streaming: every budget x policy x prefetch cell over a model's decode order",
        "(MODEL.gguf: layers 0..N-1 per token, each its real size) or a trace (oracleGeneral or CSV).",
        "Loads cost bytes/bandwidth + latency (--storage throttled:MBps,ms, else 2000 MB/s and 0.1 ms),",
        "compute costs --compute-ms per layer or the layer's bytes at --compute-gbps."})
final class CacheSimCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL.gguf|TRACE", description = "GGUF model or trace file")
    Path input;

    @Option(names = "--budgets", defaultValue = "10%,25%,50%,90%",
            description = "Budgets: percent of the layer bytes or byte counts like 512M (default ${DEFAULT-VALUE}).")
    String budgets;

    @Option(names = "--policies", defaultValue = "all", description = "Eviction policies, comma-separated, or all.")
    String policies;

    @Option(names = "--prefetch", defaultValue = "all", description = "Prefetch strategies (next-k:3 ...), or all.")
    String prefetch;

    @Option(names = "--tokens", defaultValue = "32", description = "Tokens to decode for a model (default ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--storage", defaultValue = "read",
            description = "Load cost: throttled:MBps,ms sets bandwidth and latency; read/mmap use 2000 MB/s, 0.1 ms.")
    String storage;

    @Option(names = "--compute-ms", description = "Compute time per layer in ms (default: layer bytes at --compute-gbps).")
    Double computeMs;

    @Option(names = "--compute-gbps", defaultValue = "10", description = "Compute rate in GB/s when --compute-ms is not given "
            + "(a decode step reads every weight once; default ${DEFAULT-VALUE}).")
    double computeGbps;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for randomized policies.")
    long seed;

    @Option(names = "--export-trace", paramLabel = "FILE", description = "Also write the simulated request trace.")
    Path exportTrace;

    @Option(names = "--trace-format", defaultValue = "oracleGeneral", description = "Format of --export-trace: oracleGeneral or csv.")
    String traceFormat;

    @Option(names = "--results", paramLabel = "FILE", description = "Also write a Chord results file (table cache-sim) for chord report.")
    Path results;

    @Option(names = "--json", description = "Print JSON: one row per cell (schema in the README).")
    boolean json;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        StorageSpec spec = StorageSpec.parse(storage);
        DeviceModel device = spec.device().orElse(CostModel.DEFAULT_DEVICE);
        if (computeMs != null && !(computeMs >= 0)) {
            throw new IllegalArgumentException("--compute-ms " + computeMs + ": expected a time >= 0");
        }
        if (!(computeGbps > 0)) {
            throw new IllegalArgumentException("--compute-gbps " + computeGbps + ": expected a rate > 0");
        }
        CostModel cost = CostModel.of(device, computeMs, computeGbps);
        List<ByteBudget> budgetList = Sweep.budgets(budgets);
        var policyList = Sweep.policies(policies);
        List<String> prefetchList = Sweep.prefetchSpecs(prefetch);
        Workload w = workload();
        if (exportTrace != null) {
            TraceFormat.named(traceFormat).write(w.trace(), exportTrace);
        }
        Sweep.Result r = Sweep.run(w, budgetList, policyList, prefetchList, cost, seed);
        System.out.print(json ? Json.pretty(toJson(r)) + "\n" : toText(r));
        if (results != null) {
            dev.chord.reports.model.ResultSets.write(dev.chord.reports.model.ResultSet.builder(
                    dev.chord.reports.env.EnvironmentProbe.capture(1)).add(
                    dev.chord.harness.bench.CacheSimResults.table(r)).build(), results);
        }
        return 0;
    }

    private Workload workload() throws IOException {
        if (isGguf(input)) {
            try (GgufFile f = GgufFile.open(input)) {
                return Workload.decode(ModelLayout.of(f), tokens);
            }
        }
        Trace t = TraceFormat.load(input);
        return Workload.replay(input.toString(), t);
    }

    private static boolean isGguf(Path p) throws IOException {
        if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            return true;
        }
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(magic, 0, 4) == 4 && new String(magic, StandardCharsets.ISO_8859_1).equals("GGUF");
        }
    }

    static Map<String, Object> toJson(Sweep.Result r) {
        Map<String, Object> root = new LinkedHashMap<>();
        Workload w = r.workload();
        root.put("workload", w.description());
        root.put("tokens", w.tokens());
        root.put("requests", w.trace().length());
        root.put("layer_bytes", w.layerBytes());
        root.put("pinned_bytes", w.pinnedBytes());
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("load_mb_per_s", r.cost().device().mbPerSecond());
        cost.put("load_latency_ms", r.cost().device().latencyMillis());
        cost.put("compute_ms_per_layer", r.cost().fixedComputeNanos() >= 0 ? r.cost().fixedComputeNanos() / 1e6 : null);
        cost.put("compute_gb_per_s", r.cost().fixedComputeNanos() >= 0 ? null : r.cost().computeBytesPerSec() / 1e9);
        root.put("cost_model", cost);
        Map<String, Object> baselines = new LinkedHashMap<>();
        for (Sweep.Baseline b : List.of(r.noCache(), r.allInRam())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tokens_per_s", finite(b.tokensPerSecond()));
            m.put("bytes_loaded_per_token", b.bytesLoadedPerToken());
            m.put("total_ms", b.totalNanos() / 1e6);
            baselines.put(b.name().replace(' ', '_').toLowerCase(Locale.ROOT), m);
        }
        root.put("baselines", baselines);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Sweep.Cell c : r.cells()) {
            Map<String, Object> m = new LinkedHashMap<>();
            var s = c.stats();
            m.put("policy", c.policy());
            m.put("prefetch", c.prefetch());
            m.put("budget", c.budget());
            m.put("budget_bytes", c.budgetBytes());
            m.put("requests", s.requests());
            m.put("hits", s.hits());
            m.put("hit_ratio", s.hitRatio());
            m.put("byte_hit_ratio", s.byteHitRatio());
            m.put("bytes_loaded_per_token", c.bytesLoadedPerToken());
            m.put("stall_ms_per_token", c.stallMillisPerToken());
            m.put("tokens_per_s", finite(c.tokensPerSecond()));
            m.put("prefetch_issued", s.prefetchIssued());
            m.put("prefetch_used", s.prefetchUsed());
            m.put("prefetch_accuracy", finite(s.prefetchAccuracy()));
            m.put("prefetch_late", s.lateHits());
            m.put("prefetch_wasted_bytes", s.prefetchWastedBytes());
            m.put("evictions", s.evictions());
            m.put("peak_bytes", s.peakBytes());
            m.put("speedup_vs_no_cache", finite((double) r.noCache().totalNanos() / c.totalNanos()));
            m.put("fraction_of_all_in_ram", finite((double) r.allInRam().totalNanos() / c.totalNanos()));
            rows.add(m);
        }
        root.put("rows", rows);
        root.put("skipped", r.skipped());
        return root;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static String toText(Sweep.Result r) {
        StringBuilder sb = new StringBuilder();
        Workload w = r.workload();
        sb.append("workload:   ").append(w.description()).append('\n');
        sb.append("cost model: ").append(r.cost()).append('\n');
        sb.append(String.format(Locale.ROOT, "layers:     %s in all, largest %s%s%n", ByteBudget.format(w.layerBytes()),
                ByteBudget.format(w.largestKey()), w.pinnedBytes() > 0
                        ? "; pinned globals " + ByteBudget.format(w.pinnedBytes()) + " (resident in every cell, not simulated)" : ""));
        sb.append(String.format(Locale.ROOT, "baselines:  no cache %.2f tok/s (%s loaded per token); all in RAM %.2f tok/s%n%n",
                r.noCache().tokensPerSecond(), ByteBudget.format((long) r.noCache().bytesLoadedPerToken()),
                r.allInRam().tokensPerSecond()));
        Map<String, List<Sweep.Cell>> byBudget = new LinkedHashMap<>();
        for (Sweep.Cell c : r.cells()) {
            byBudget.computeIfAbsent(c.budget(), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<String, List<Sweep.Cell>> e : byBudget.entrySet()) {
            List<Sweep.Cell> cells = new ArrayList<>(e.getValue());
            cells.sort(Comparator.comparingDouble(Sweep.Cell::tokensPerSecond).reversed()
                    .thenComparing(Sweep.Cell::policy).thenComparing(Sweep.Cell::prefetch));
            sb.append(String.format(Locale.ROOT, "budget %s (%s), fastest first%n", e.getKey(),
                    ByteBudget.format(cells.getFirst().budgetBytes())));
            sb.append(String.format(Locale.ROOT, "  %-18s %-10s %7s %7s %11s %10s %9s %7s %10s %8s%n", "policy", "prefetch",
                    "hit%", "byte%", "load/token", "stall ms", "tok/s", "pf acc", "pf wasted", "vs none"));
            for (Sweep.Cell c : cells) {
                var s = c.stats();
                sb.append(String.format(Locale.ROOT, "  %-18s %-10s %6.1f%% %6.1f%% %11s %10.2f %9.2f %7s %10s %7.2fx%n",
                        c.policy(), c.prefetch(), 100 * s.hitRatio(), 100 * s.byteHitRatio(),
                        ByteBudget.format((long) c.bytesLoadedPerToken()), c.stallMillisPerToken(), c.tokensPerSecond(),
                        s.prefetchIssued() == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * s.prefetchAccuracy()),
                        ByteBudget.format(s.prefetchWastedBytes()), (double) r.noCache().totalNanos() / c.totalNanos()));
            }
            sb.append('\n');
        }
        if (!r.skipped().isEmpty()) {
            sb.append("skipped:\n");
            r.skipped().forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        }
        return sb.toString();
    }
}
