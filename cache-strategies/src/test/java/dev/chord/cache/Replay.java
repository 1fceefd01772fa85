package dev.chord.cache;

import dev.chord.api.cache.CacheRegistries;
import dev.chord.api.cache.EvictionPolicy;
import dev.chord.api.cache.LayerSchedule;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.core.CacheCore;
import dev.chord.cache.core.CacheStats;
import dev.chord.cache.sim.CacheSimulator;
import dev.chord.cache.sim.CostModel;
import dev.chord.cache.storage.DeviceModel;
import dev.chord.cache.trace.NextUseIndex;
import dev.chord.cache.trace.Trace;

import java.util.Optional;

/** Runs a policy over a trace without prefetching, through the simulator (the path cache-sim takes). */
public final class Replay {
    private Replay() {
    }

    public static final CostModel UNIT_COST = new CostModel(DeviceModel.ofMBps(1, 0), 1e9, 1000);

    public static PolicyContext context(Trace trace, long capacity, long seed) {
        return new PolicyContext(capacity, trace.distinctKeys(), seed, Optional.of(new NextUseIndex(trace)),
                trace.repeatedOrder());
    }

    public static PolicyContext context(Trace trace, long capacity, long seed, LayerSchedule schedule) {
        return new PolicyContext(capacity, trace.distinctKeys(), seed, Optional.of(new NextUseIndex(trace)),
                Optional.of(schedule));
    }

    public static CacheStats run(String policy, Trace trace, long capacity) {
        return run(CacheRegistries.policies().require(policy), trace, context(trace, capacity, 7));
    }

    public static CacheStats run(EvictionPolicy policy, Trace trace, PolicyContext ctx) {
        CacheCore core = new CacheCore(ctx.capacityBytes(), policy.create(ctx), policy.name());
        return new CacheSimulator(trace, core, null, UNIT_COST).run(trace.tokens()).stats();
    }

    /** A trace of the given keys, each {@code size} bytes. */
    public static Trace keys(long size, long... keys) {
        long[] sizes = new long[keys.length];
        java.util.Arrays.fill(sizes, size);
        return new Trace(new long[keys.length], keys, sizes);
    }
}
