package dev.chord.cache.sim;

import dev.chord.api.cache.CacheRegistries;
import dev.chord.api.cache.EvictionPolicy;
import dev.chord.api.cache.PolicyContext;
import dev.chord.api.cache.PrefetchContext;
import dev.chord.api.cache.PrefetchStrategy;
import dev.chord.cache.ByteBudget;
import dev.chord.cache.core.CacheCore;
import dev.chord.cache.core.CacheStats;
import dev.chord.cache.trace.NextUseIndex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Simulates every (budget, policy, prefetch) cell of a workload and the two baselines: no cache (every
 * request loads, nothing overlaps) and all in RAM (no loads at all). Policies and prefetchers the workload
 * cannot run (a policy that needs the future or the layer order, a prefetcher that needs the order) are
 * skipped with the reason, as are budgets that cannot hold the largest layer.
 */
public final class Sweep {

    /** One simulated cell. */
    public record Cell(String policy, String prefetch, String budget, long budgetBytes, int tokens, CacheStats stats,
                       long totalNanos) {

        public double bytesLoadedPerToken() {
            return (double) stats.bytesLoaded() / tokens;
        }

        public double stallMillisPerToken() {
            return stats.stallNanos() / 1e6 / tokens;
        }

        public double tokensPerSecond() {
            return totalNanos == 0 ? Double.POSITIVE_INFINITY : tokens / (totalNanos / 1e9);
        }
    }

    /** A baseline's time for the whole workload and what it loads. */
    public record Baseline(String name, long totalNanos, double bytesLoadedPerToken, int tokens) {
        public double tokensPerSecond() {
            return totalNanos == 0 ? Double.POSITIVE_INFINITY : tokens / (totalNanos / 1e9);
        }
    }

    /** Everything a sweep produced. */
    public record Result(Workload workload, CostModel cost, List<Cell> cells, Baseline noCache, Baseline allInRam,
                         Map<String, String> skipped) {

        /** The fastest cell of a budget with prefetch {@code prefetch}, if any ran. */
        public Optional<Cell> best(String budget, String prefetch) {
            return cells.stream().filter(c -> c.budget().equals(budget) && c.prefetch().equals(prefetch))
                    .max(java.util.Comparator.comparingDouble(Cell::tokensPerSecond));
        }
    }

    private Sweep() {
    }

    /** Resolves a comma-separated list of names, or {@code all}, against the policy registry. */
    public static List<EvictionPolicy> policies(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("all")) {
            return CacheRegistries.policies().available();
        }
        List<EvictionPolicy> out = new ArrayList<>();
        for (String name : spec.split(",")) {
            out.add(CacheRegistries.policies().require(name.trim()));
        }
        return out;
    }

    /** Prefetch specs ({@code next-k:3}), or {@code all} (every strategy with its default lookahead). */
    public static List<String> prefetchSpecs(String spec) {
        List<String> out = new ArrayList<>();
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("all")) {
            for (PrefetchStrategy p : CacheRegistries.prefetchers().available()) {
                out.add(p.name());
            }
            return out;
        }
        for (String s : spec.split(",")) {
            String t = s.trim();
            CacheRegistries.prefetchers().require(strategyName(t));
            out.add(t);
        }
        return out;
    }

    /** Budgets from {@code 10%,25%,512M}. */
    public static List<ByteBudget> budgets(String spec) {
        List<ByteBudget> out = new ArrayList<>();
        for (String s : spec.split(",")) {
            out.add(ByteBudget.parse("--budgets", s.trim()));
        }
        return out;
    }

    static String strategyName(String spec) {
        int colon = spec.indexOf(':');
        return colon < 0 ? spec : spec.substring(0, colon);
    }

    static String strategyArgs(String spec) {
        int colon = spec.indexOf(':');
        return colon < 0 ? "" : spec.substring(colon + 1);
    }

    public static Result run(Workload w, List<ByteBudget> budgets, List<EvictionPolicy> policies, List<String> prefetch,
                             CostModel cost, long seed) {
        Map<String, String> skipped = new LinkedHashMap<>();
        List<Cell> cells = new ArrayList<>();
        NextUseIndex future = new NextUseIndex(w.trace());
        boolean layerKeys = w.keysAreLayers();
        for (ByteBudget budget : budgets) {
            long total = budget.resolve(w.layerBytes(), w.pinnedBytes());
            long capacity = total - w.pinnedBytes();
            if (capacity < w.largestKey()) {
                skipped.put("budget " + budget, "leaves " + capacity + " bytes for layers after the pinned globals, less "
                        + "than the largest layer (" + w.largestKey() + " bytes)");
                continue;
            }
            PolicyContext ctx = new PolicyContext(capacity, w.trace().distinctKeys(), seed, Optional.of(future),
                    w.schedule());
            for (EvictionPolicy policy : policies) {
                Optional<String> unmet = policy.unmetNeed(ctx);
                if (unmet.isPresent()) {
                    skipped.put("policy " + policy.name(), unmet.get());
                    continue;
                }
                for (String spec : prefetch) {
                    PrefetchStrategy strategy = CacheRegistries.prefetchers().require(strategyName(spec));
                    int layers = layerKeys ? w.maxLayer() + 1 : 0;
                    PrefetchContext pc = new PrefetchContext(layers, w.schedule(),
                            l -> w.trace().sizeByKey().getOrDefault((long) l, 0L), strategyArgs(spec));
                    Optional<String> unmetPrefetch = !layerKeys && !strategy.name().equals("none")
                            ? Optional.of("the trace's keys are not layer indices")
                            : strategy.unmetNeed(pc);
                    if (unmetPrefetch.isPresent()) {
                        skipped.put("prefetch " + spec, unmetPrefetch.get());
                        continue;
                    }
                    CacheCore core = new CacheCore(capacity, policy.create(ctx), policy.name());
                    CacheSimulator sim = new CacheSimulator(w.trace(), core,
                            strategy.name().equals("none") ? null : strategy.create(pc), cost);
                    CacheSimulator.Result r = sim.run(w.tokens());
                    cells.add(new Cell(policy.name(), spec, budget.toString(), total, w.tokens(), r.stats(),
                            r.totalNanos()));
                }
            }
        }
        return new Result(w, cost, cells, noCache(w, cost), allInRam(w, cost), skipped);
    }

    /** Every request loads its layer from the device, then computes: nothing is kept, nothing overlaps. */
    static Baseline noCache(Workload w, CostModel cost) {
        long t = 0;
        for (int i = 0; i < w.trace().length(); i++) {
            t += cost.loadNanos(w.trace().size(i)) + cost.computeNanos(w.trace().size(i));
        }
        return new Baseline("no cache", t, (double) w.trace().totalBytes() / w.tokens(), w.tokens());
    }

    /** Every layer resident from the start: compute only. */
    static Baseline allInRam(Workload w, CostModel cost) {
        long t = 0;
        for (int i = 0; i < w.trace().length(); i++) {
            t += cost.computeNanos(w.trace().size(i));
        }
        return new Baseline("all in RAM", t, 0, w.tokens());
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
