package dev.chord.cache.sim;

import dev.chord.api.cache.CacheRegistries;
import dev.chord.api.cache.LayerSchedule;
import dev.chord.api.cache.PolicyContext;
import dev.chord.api.cache.PrefetchContext;
import dev.chord.cache.core.CacheCore;
import dev.chord.cache.storage.DeviceModel;
import dev.chord.cache.trace.Trace;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulated clock on timelines worked out by hand. Four layers of 1000 bytes; the device does 1 MB/s
 * with no latency, so a load takes 1 ms; computing a layer takes 2 ms.
 */
class CacheSimulatorTest {

    static final CostModel COST = new CostModel(DeviceModel.ofMBps(1, 0), 1, 2_000_000);

    static CacheSimulator.Result run(String prefetch, String args, long capacity, int tokens) {
        long[] sizes = {1000, 1000, 1000, 1000};
        Trace t = Trace.decode(sizes, tokens);
        LayerSchedule s = LayerSchedule.sequential(4);
        PolicyContext ctx = PolicyContext.online(capacity, 4, 1).withSchedule(s);
        CacheCore core = new CacheCore(capacity, CacheRegistries.policies().require("opt.Schedule").create(ctx), "opt.Schedule");
        var p = prefetch == null ? null : CacheRegistries.prefetchers().require(prefetch)
                .create(new PrefetchContext(4, Optional.of(s), l -> 1000, args));
        return new CacheSimulator(t, core, p, COST).run(tokens);
    }

    @Test
    void withoutPrefetchEveryFirstTouchStalls() {
        // Everything fits. Token 1: each layer loads (1 ms) then computes (2 ms): 4 * 3 = 12 ms, 4 ms stalled.
        // Token 2: all hits, 4 * 2 = 8 ms. Total 20 ms.
        CacheSimulator.Result r = run(null, "", 4000, 2);
        assertEquals(20_000_000, r.totalNanos());
        assertEquals(4_000_000, r.stats().stallNanos());
        assertEquals(4, r.stats().hits());
        assertEquals(100.0, r.tokensPerSecond(), 1e-9);
    }

    @Test
    void nextKHidesEveryLoadButTheFirst() {
        // t=0: request 0 misses; the demand load holds the device 0-1 ms. The prefetcher asks for 1, 2: the
        // prefetch thread reserves 1 at t=0, its load queues behind and runs 1-2 ms, then 2 runs 2-3 ms.
        // Layer 0 computes 1-3 ms. t=3: layer 1 resident (hit); 3 is prefetched 3-4 ms. t=5: 2 hit; t=7:
        // 3 hit; token 1 ends at 9 ms with 1 ms stalled. Token 2: hits, 8 ms. Total 17 ms.
        CacheSimulator.Result r = run("next-k", "2", 4000, 2);
        assertEquals(17_000_000, r.totalNanos());
        assertEquals(1_000_000, r.stats().stallNanos());
        assertEquals(3, r.stats().prefetchIssued());
        assertEquals(3, r.stats().prefetchUsed());
        assertEquals(7, r.stats().hits());
        assertEquals(0, r.stats().lateHits());
        assertEquals(4000, r.stats().bytesLoaded());
    }

    @Test
    void aLateprefetchIsAHitThatWaits() {
        // Compute 2 ms, but now a load takes 3 ms (1000 bytes at 1/3 MB/s). Budget 4 layers, next-k:1.
        // t=0: 0 misses, device 0-3; prefetch 1 queued 3-6. 0 served at 3, computes to 5.
        // t=5: 1 is loading (ready at 6): a late hit, 1 ms stall; prefetch 2 runs 6-9; 1 computes 6-8.
        // t=8: 2 late, ready at 9: 1 ms; prefetch 3 runs 9-12; 2 computes 9-11. t=11: 3 late, 1 ms;
        // computes 12-14. One token: 14 ms, 3 + 1 + 1 + 1 = 6 ms stalled, 3 late hits.
        long[] sizes = {1000, 1000, 1000, 1000};
        Trace t = Trace.decode(sizes, 1);
        LayerSchedule s = LayerSchedule.sequential(4);
        CostModel slow = new CostModel(new DeviceModel(1e6 / 3, 0), 1, 2_000_000);
        PolicyContext ctx = PolicyContext.online(4000, 4, 1).withSchedule(s);
        CacheCore core = new CacheCore(4000, CacheRegistries.policies().require("basic.Lru").create(ctx), "basic.Lru");
        var p = CacheRegistries.prefetchers().require("next-k").create(new PrefetchContext(4, Optional.of(s), l -> 1000, "1"));
        CacheSimulator.Result r = new CacheSimulator(t, core, p, slow).run(1);
        assertEquals(14_000_000, r.totalNanos());
        assertEquals(6_000_000, r.stats().stallNanos());
        assertEquals(3, r.stats().lateHits());
        assertEquals(3, r.stats().hits());
    }

    @Test
    void harmlessDropsAPrefetchThatWouldEvictALayerNeededSooner() {
        // Budget of 2 layers, opt.Schedule, one token of 4 layers then the next. With next-k:2 the prefetch of
        // the layer two ahead must evict the layer one ahead (already prefetched, unused: protected) or the
        // one just used, so nothing is lost; harmless additionally never evicts a layer needed sooner than the
        // prefetched one. Both must keep the budget and their invariants; harmless must never issue more.
        CacheSimulator.Result nextK = run("next-k", "2", 2000, 3);
        CacheSimulator.Result harmless = run("harmless", "2", 2000, 3);
        assertTrue(harmless.stats().prefetchIssued() <= nextK.stats().prefetchIssued());
        assertTrue(harmless.stats().peakBytes() <= 2000 && nextK.stats().peakBytes() <= 2000);
        assertTrue(harmless.stats().prefetchWasted() <= nextK.stats().prefetchWasted());
    }
}
