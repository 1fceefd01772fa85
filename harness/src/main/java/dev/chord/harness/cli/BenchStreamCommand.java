package dev.chord.harness.cli;

import dev.chord.cache.CacheOptions;
import dev.chord.cache.WeightProviders;
import dev.chord.cache.sim.Sweep;
import dev.chord.cache.stream.StreamingStats;
import dev.chord.cache.stream.StreamingWeightProvider;
import dev.chord.harness.bench.EndToEndBench;
import dev.chord.harness.model.LoadedModel;
import dev.chord.harness.model.ModelLoader;
import dev.chord.harness.util.ProcessMemory;
import dev.chord.reports.env.EnvironmentProbe;
import dev.chord.reports.model.ResultSet;
import dev.chord.reports.model.ResultSets;
import dev.chord.reports.model.ResultTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code chord bench stream}: real decoding through the weight cache, with real I/O, for every budget x
 * policy x prefetch strategy asked for: tokens/s, stall and bytes loaded per token, hit ratios, prefetch use.
 * Each cell opens the model afresh (cold cache), decodes one warm-up sequence, then the measured ones.
 */
@Command(name = "stream", description = "Decode through the weight cache with real I/O for each budget x policy x prefetch; "
        + "tokens/s, stall and loads per token.")
final class BenchStreamCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL.gguf")
    Path model;

    @Option(names = "--budgets", split = ",", defaultValue = "25%,50%", description = "Budgets: N%% of the layer bytes (pinned globals on top) or bytes like 512M (default ${DEFAULT-VALUE}).")
    List<String> budgets;

    @Option(names = "--policies", split = ",", defaultValue = "opt.Schedule", description = "Eviction policies, or 'all' (default ${DEFAULT-VALUE}).")
    List<String> policies;

    @Option(names = "--prefetch", split = ",", defaultValue = "none,next-k", description = "Prefetch strategies NAME[:K], or 'all' (default ${DEFAULT-VALUE}).")
    List<String> prefetchers;

    @Option(names = "--storage", defaultValue = "read", description = "read | mmap | throttled:MBps,ms (default ${DEFAULT-VALUE}).")
    String storage;

    @Option(names = "--gen-tokens", defaultValue = "16", description = "Decoded tokens per sequence (default ${DEFAULT-VALUE}).")
    int genTokens;

    @Option(names = "--reps", defaultValue = "2", description = "Measured sequences per cell, after one warm-up (default ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--threads", defaultValue = "1", description = "Compute threads; the prefetcher has its own (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--kernel", description = "Force one matmul kernel for every weight.")
    String kernel;

    @Option(names = "--json", paramLabel = "FILE", description = "Write a Chord results file (table 'stream').")
    Path json;

    @Option(names = "--no-baseline", description = "Skip the first cell: the model all in RAM (mapped, no budget), the "
            + "ceiling the streaming cells are compared with.")
    boolean noBaseline;

    @Option(names = "--verbose", description = "Show stack traces and debug logging.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        ResultTable.Builder table = ResultTable.builder("stream").kind("cache")
                .title("Real decoding through the weight cache (" + storage + ", " + threads + " thread(s))")
                .column("budget").column("policy").column("prefetch").column("tok_per_s", "tok/s", "decode tokens per second")
                .column("stall_ms_per_token", "ms", "time the forward pass waited for weights, per token")
                .column("bytes_loaded_per_token", "B", "bytes read from storage per token")
                .column("hit_ratio").column("byte_hit_ratio").column("prefetch_used").column("prefetch_wasted")
                .column("peak_weight_bytes", "B", "most weight bytes resident at once");
        System.out.printf(Locale.ROOT, "method: %d warm-up + %d measured sequences of %d decoded tokens per cell, cold cache "
                + "per cell, %s storage%n", 1, reps, genTokens, storage);
        System.out.printf(Locale.ROOT, "%-7s %-18s %-10s %8s %10s %12s %6s %6s %5s %5s %10s%n", "budget", "policy", "prefetch",
                "tok/s", "stall ms/t", "MB load/t", "hit", "bhit", "pfU", "pfW", "peak MB");
        List<String> failures = new ArrayList<>();
        boolean allPolicies = policies.size() == 1 && policies.get(0).trim().equalsIgnoreCase("all");
        List<String> policyNames = Sweep.policies(String.join(",", policies)).stream()
                // 'all' means every policy that can drive a live run; one named explicitly is tried and its reason shown
                .filter(p -> !allPolicies || !p.capabilities().contains(dev.chord.api.cache.PolicyCapability.NEEDS_FUTURE))
                .map(p -> p.name()).toList();
        List<String> prefetchSpecs = Sweep.prefetchSpecs(String.join(",", prefetchers));
        double ceiling = Double.NaN;
        if (!noBaseline) {
            try (LoadedModel m = ModelLoader.open(model, new ModelLoader.Options(threads, kernel, 0, 64))) {
                EndToEndBench.Result r = new EndToEndBench(m.model(), 7).textGeneration(genTokens, 1, reps);
                ceiling = r.mean();
                System.out.printf(Locale.ROOT, "%-7s %-18s %-10s %8.2f   (all in RAM: the ceiling)%n", "-", "-", "-", ceiling);
                table.row("budget", "all-in-RAM", "policy", "-", "prefetch", "-", "tok_per_s", ceiling);
            }
        }
        Map<String, Double> tokPerS = new LinkedHashMap<>();
        for (String budget : budgets) {
            for (String policy : policyNames) {
                for (String prefetch : prefetchSpecs) {
                    CacheOptions co = CacheOptions.parse(budget, storage, policy, prefetch);
                    StreamingWeightProvider[] holder = new StreamingWeightProvider[1];
                    try (LoadedModel m = ModelLoader.open(model, new ModelLoader.Options(threads, kernel, 0, 64), f -> {
                        try {
                            holder[0] = WeightProviders.openStreaming(f, co);
                            return holder[0];
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })) {
                        EndToEndBench.Result r = new EndToEndBench(m.model(), 7).textGeneration(genTokens, 1, reps);
                        holder[0].checkInvariants();
                        StreamingStats st = holder[0].stats();
                        long passes = (long) genTokens * (reps + 1);
                        var c = st.cache();
                        System.out.printf(Locale.ROOT, "%-7s %-18s %-10s %8.2f %10.1f %12.1f %6.3f %6.3f %5d %5d %10.1f%n",
                                budget, policy, prefetch, r.mean(), st.stallMillisPer(passes), st.bytesLoadedPer(passes) / 1e6,
                                c.hitRatio(), c.byteHitRatio(), c.prefetchUsed(), c.prefetchWasted(), c.peakBytes() / 1e6);
                        tokPerS.put(budget + "\u0000" + policy + "\u0000" + prefetch, r.mean());
                        table.row("budget", budget, "policy", policy, "prefetch", prefetch, "tok_per_s", r.mean(),
                                "stall_ms_per_token", st.stallMillisPer(passes), "bytes_loaded_per_token", st.bytesLoadedPer(passes),
                                "hit_ratio", c.hitRatio(), "byte_hit_ratio", c.byteHitRatio(), "prefetch_used", c.prefetchUsed(),
                                "prefetch_wasted", c.prefetchWasted(), "peak_weight_bytes", c.peakBytes());
                    } catch (IllegalArgumentException | IllegalStateException | dev.chord.api.plugin.PluginException e) {
                        failures.add(budget + " " + policy + " " + prefetch + ": " + e.getMessage());
                        System.out.printf(Locale.ROOT, "%-7s %-18s %-10s skipped: %s%n", budget, policy, prefetch, e.getMessage());
                    }
                    // each cell is a fresh model: collect the previous one's KV cache now, or dead caches pile up in
                    // the old generation and the process's peak RSS says nothing about the cells
                    System.gc();
                }
            }
        }
        printSpeedups(tokPerS, ceiling);
        System.out.printf(Locale.ROOT, "peak RSS of this process: %.1f MB%n", ProcessMemory.peakRssBytes() / 1e6);
        if (json != null) {
            ResultSets.write(ResultSet.builder(EnvironmentProbe.capture(threads)).add(table.build()).build(), json);
        }
        return 0;
    }

    /**
     * Per budget: the best cell with a prefetcher against the best cell without one. Overlapping loads with
     * compute can at most hide the shorter of the two, so the speedup is capped near 2x (equal load and compute).
     */
    private static void printSpeedups(Map<String, Double> tokPerS, double ceiling) {
        Map<String, double[]> best = new LinkedHashMap<>();   // budget -> {best none, best prefetch}
        Map<String, String> bestName = new LinkedHashMap<>();
        for (var e : tokPerS.entrySet()) {
            String[] k = e.getKey().split("\u0000");
            double[] b = best.computeIfAbsent(k[0], x -> new double[] {Double.NaN, Double.NaN});
            int i = k[2].equals("none") ? 0 : 1;
            if (Double.isNaN(b[i]) || e.getValue() > b[i]) {
                b[i] = e.getValue();
                if (i == 1) {
                    bestName.put(k[0], k[1] + " + " + k[2]);
                }
            }
        }
        for (var e : best.entrySet()) {
            double[] b = e.getValue();
            if (Double.isNaN(b[0]) || Double.isNaN(b[1])) {
                continue;
            }
            System.out.printf(Locale.ROOT, "budget %s: best prefetch (%s) %.2f tok/s vs best without %.2f: %.2fx%s%n", e.getKey(),
                    bestName.get(e.getKey()), b[1], b[0], b[1] / b[0],
                    Double.isNaN(ceiling) ? "" : String.format(Locale.ROOT, " (%.0f%% of all in RAM)", 100 * b[1] / ceiling));
        }
    }
}
