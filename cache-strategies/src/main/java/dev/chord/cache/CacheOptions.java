package dev.chord.cache;

import dev.chord.api.cache.CacheRegistries;
import dev.chord.api.cache.EvictionPolicy;
import dev.chord.api.cache.PrefetchStrategy;
import dev.chord.cache.storage.StorageSpec;

import java.util.Optional;

/**
 * How to stream a model's weights, as the command line gives it: {@code --budget}, {@code --storage},
 * {@code --policy}, {@code --prefetch}. Parsing checks every part, so a bad spec fails before any file is
 * opened, with a message naming the option and what was expected.
 *
 * @param budget          empty: no budget, every layer stays resident once loaded
 * @param storage         where the bytes come from
 * @param policy          eviction policy name ({@code family.Name})
 * @param prefetch        prefetch strategy name
 * @param prefetchArgs    the prefetch spec's argument ("" if none)
 * @param prefetchThreads threads that run prefetches
 * @param recordTrace     whether to record the access trace
 * @param seed            for randomized policies
 */
public record CacheOptions(Optional<ByteBudget> budget, StorageSpec storage, String policy, String prefetch,
                           String prefetchArgs, int prefetchThreads, boolean recordTrace, long seed) {

    /** Default policy: Belady's rule on the known layer order, the best online choice for decoding. */
    public static final String DEFAULT_POLICY = "opt.Schedule";
    public static final String DEFAULT_PREFETCH = "next-k";
    public static final String DEFAULT_STORAGE = "read";

    public CacheOptions {
        if (prefetchThreads < 0 || prefetchThreads > 64) {
            throw new IllegalArgumentException("--prefetch-threads " + prefetchThreads + ": expected 0..64");
        }
    }

    /**
     * Parses the command line's strings; null or blank means the system property ({@code -Dchord.storage},
     * {@code -Dchord.policy}, {@code -Dchord.prefetch}) if set, else the default ({@code --budget} absent:
     * no budget).
     */
    public static CacheOptions parse(String budget, String storage, String policy, String prefetch) {
        Optional<ByteBudget> b = budget == null || budget.isBlank() ? Optional.empty()
                : Optional.of(ByteBudget.parse("--budget", budget));
        StorageSpec s = StorageSpec.parse(orProperty(storage, "chord.storage", DEFAULT_STORAGE));
        CacheRegistries.storages().require(s.name());
        s.device(); // validates throttled arguments now
        String p = orProperty(policy, CacheRegistries.policies().propertyName(), DEFAULT_POLICY);
        EvictionPolicy ep = CacheRegistries.policies().require(p);
        String f = orProperty(prefetch, CacheRegistries.prefetchers().propertyName(), DEFAULT_PREFETCH);
        int colon = f.indexOf(':');
        String fName = colon < 0 ? f : f.substring(0, colon);
        String fArgs = colon < 0 ? "" : f.substring(colon + 1);
        PrefetchStrategy ps = CacheRegistries.prefetchers().require(fName);
        return new CacheOptions(b, s, ep.name(), ps.name(), fArgs, 1, false, 42);
    }

    private static String orProperty(String value, String property, String dflt) {
        if (value != null && !value.isBlank()) {
            return value.trim();
        }
        String v = System.getProperty(property);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    public CacheOptions withTraceRecording(boolean on) {
        return new CacheOptions(budget, storage, policy, prefetch, prefetchArgs, prefetchThreads, on, seed);
    }

    public CacheOptions withPrefetchThreads(int threads) {
        return new CacheOptions(budget, storage, policy, prefetch, prefetchArgs, threads, recordTrace, seed);
    }

    public CacheOptions withSeed(long s) {
        return new CacheOptions(budget, storage, policy, prefetch, prefetchArgs, prefetchThreads, recordTrace, s);
    }
}
