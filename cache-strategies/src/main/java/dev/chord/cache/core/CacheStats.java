package dev.chord.cache.core;

/**
 * What a cache did over one run. Hits count demand requests served without a demand load: the layer was
 * resident, or a prefetch of it was already under way ({@link #lateHits} of those waited for it).
 *
 * @param capacityBytes       the budget, pinned bytes included
 * @param pinnedBytes         bytes of pinned entries (global tensors)
 * @param requests            demand requests
 * @param hits                requests served without a demand load
 * @param lateHits            hits that waited for a prefetch still loading
 * @param bytesRequested      bytes of all requested entries
 * @param bytesHit            bytes of the hit entries
 * @param demandLoads         loads a request had to wait for from the start (misses)
 * @param bytesLoaded         bytes loaded by demand loads and prefetches
 * @param prefetchIssued      prefetch loads started
 * @param prefetchUsed        prefetched entries requested before eviction
 * @param prefetchWasted      prefetched entries evicted before any request
 * @param prefetchWastedBytes their bytes
 * @param prefetchVetoed      prefetches dropped because the prefetcher vetoed the victim
 * @param evictions           entries evicted
 * @param peakBytes           most bytes ever reserved at once (pinned included); never above capacity
 * @param stallNanos          time requests spent waiting for loads
 * @param loadNanos           time spent loading (sum over loads, overlapping ones counted each)
 */
public record CacheStats(long capacityBytes, long pinnedBytes, long requests, long hits, long lateHits,
                         long bytesRequested, long bytesHit, long demandLoads, long bytesLoaded,
                         long prefetchIssued, long prefetchUsed, long prefetchWasted, long prefetchWastedBytes,
                         long prefetchVetoed, long evictions, long peakBytes, long stallNanos, long loadNanos) {

    public long misses() {
        return requests - hits;
    }

    public double hitRatio() {
        return requests == 0 ? 0 : (double) hits / requests;
    }

    public double byteHitRatio() {
        return bytesRequested == 0 ? 0 : (double) bytesHit / bytesRequested;
    }

    /** Prefetched entries that were used, of those issued; NaN if none were issued. */
    public double prefetchAccuracy() {
        return prefetchIssued == 0 ? Double.NaN : (double) prefetchUsed / prefetchIssued;
    }
}
