package dev.chord.cache.sim;

import dev.chord.api.cache.Prefetcher;
import dev.chord.cache.core.CacheCore;
import dev.chord.cache.core.CacheStats;
import dev.chord.cache.storage.DeviceModel;
import dev.chord.cache.trace.Trace;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * Replays a workload through a {@link CacheCore} on a simulated clock: one consumer (the forward pass) that
 * requests a layer, waits for it if needed, computes with it (holding its lease), releases it and requests
 * the next; one prefetch thread that works through the prefetcher's latest lookahead; one device that serves
 * loads one at a time ({@link DeviceModel}). The same rules as a live run apply (CacheCore is shared): bytes
 * are reserved before loading, leased and loading layers are never evicted, prefetches never evict unused
 * prefetches. Deterministic: no threads, no wall clock.
 */
public final class CacheSimulator {

    /** The outcome of one run. */
    public record Result(CacheStats stats, long totalNanos, int tokens) {
        public double tokensPerSecond() {
            return totalNanos == 0 ? Double.POSITIVE_INFINITY : tokens / (totalNanos / 1e9);
        }
    }

    private final Trace trace;
    private final CacheCore core;
    private final Prefetcher prefetcher;
    private final CostModel cost;
    private final DeviceModel.Queue device;
    private final ArrayDeque<Integer> pending = new ArrayDeque<>();
    private final Map<Long, Long> sizes;
    private long workerFree;
    private int workerKey = -1;
    private long workerStart;
    private long workerFinish;

    /**
     * @param core       an empty cache with the policy under test
     * @param prefetcher null for no prefetching
     */
    public CacheSimulator(Trace trace, CacheCore core, Prefetcher prefetcher, CostModel cost) {
        this.trace = trace;
        this.core = core;
        this.prefetcher = prefetcher;
        this.cost = cost;
        this.device = new DeviceModel.Queue(cost.device());
        this.sizes = trace.sizeByKey();
    }

    public Result run(int tokens) {
        long now = 0;
        for (int i = 0; i < trace.length(); i++) {
            long key = trace.key(i);
            long bytes = trace.size(i);
            advance(now);
            int[] ahead = prefetcher == null ? new int[0] : prefetcher.onAccess((int) key, now);
            CacheCore.Lookup look = core.access(key, bytes);
            long served;
            switch (look) {
                case HIT -> {
                    core.lease(key);
                    submit(ahead, now);
                    served = now;
                }
                case LOADING -> {
                    core.lease(key);
                    submit(ahead, now);
                    if (workerKey != key) {
                        throw new IllegalStateException("key " + key + " is loading but not by the prefetch thread");
                    }
                    served = workerFinish;
                    advance(served);
                }
                default -> {
                    long start = now;
                    while (!core.reserve(key, bytes, CacheCore.Kind.DEMAND, null, k -> { })) {
                        if (workerKey < 0) {
                            throw new IllegalStateException("no room for key " + key + " (" + bytes + " bytes) in a cache of "
                                    + core.capacity() + " bytes with nothing loading or leased");
                        }
                        start = workerFinish; // the room is held by the prefetch in flight: wait for it
                        advance(start);
                    }
                    core.lease(key);
                    submit(ahead, now);
                    served = device.submit(start, bytes, 1);
                    advance(served);
                    core.loaded(key, served - start);
                    if (prefetcher != null) {
                        prefetcher.onLoaded((int) key, bytes, served - start, false);
                    }
                }
            }
            core.addStall(served - now);
            if (prefetcher != null) {
                prefetcher.onServed((int) key, served);
            }
            long done = served + cost.computeNanos(bytes);
            advance(done);
            core.release(key);
            now = done;
        }
        pending.clear();
        if (workerKey >= 0) {
            advance(workerFinish);
        }
        core.checkInvariants(true);
        return new Result(core.stats(), now, tokens);
    }

    private void submit(int[] ahead, long now) {
        if (ahead.length == 0) {
            return;
        }
        pending.clear();
        for (int l : ahead) {
            pending.add(l);
        }
        workerFree = Math.max(workerFree, now);
    }

    /** Runs the prefetch thread up to time {@code t}. */
    private void advance(long t) {
        while (true) {
            if (workerKey >= 0) {
                if (workerFinish > t) {
                    return;
                }
                long key = workerKey;
                workerKey = -1;
                workerFree = workerFinish;
                core.loaded(key, workerFinish - workerStart);
                prefetcher.onLoaded((int) key, sizes.get(key), workerFinish - workerStart, true);
            }
            if (pending.isEmpty() || workerFree > t) {
                return;
            }
            int layer = pending.poll();
            Long bytes = sizes.get((long) layer);
            if (bytes == null || core.entry(layer) != null) {
                continue; // not a key of this trace, or resident / loading already
            }
            if (!core.reserve(layer, bytes, CacheCore.Kind.PREFETCH, v -> prefetcher.allowEviction(layer, v), k -> { })) {
                continue;
            }
            workerKey = layer;
            workerStart = workerFree;
            workerFinish = device.submit(workerFree, bytes, 1);
        }
    }
}
