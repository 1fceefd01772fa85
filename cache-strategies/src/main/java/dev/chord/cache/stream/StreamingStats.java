package dev.chord.cache.stream;

import dev.chord.api.cache.StorageCounters;
import dev.chord.cache.core.CacheStats;

/**
 * Statistics of a streaming run so far: the cache's counters (hits, loads, stall, prefetch use, peak bytes)
 * and the storage's I/O.
 */
public record StreamingStats(String policy, String prefetch, String storage, int layers, CacheStats cache,
                             StorageCounters io) {

    /** Bytes loaded per pass over all layers (per token when decoding), given the passes made. */
    public double bytesLoadedPer(long passes) {
        return passes == 0 ? 0 : (double) cache.bytesLoaded() / passes;
    }

    /** Milliseconds the forward pass waited for weights, per pass. */
    public double stallMillisPer(long passes) {
        return passes == 0 ? 0 : cache.stallNanos() / 1e6 / passes;
    }
}
