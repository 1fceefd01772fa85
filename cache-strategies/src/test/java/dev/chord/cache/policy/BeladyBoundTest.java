package dev.chord.cache.policy;

import dev.chord.api.cache.CacheRegistries;
import dev.chord.api.cache.EvictionPolicy;
import dev.chord.api.cache.LayerSchedule;
import dev.chord.api.cache.PolicyContext;
import dev.chord.api.testing.Seeds;
import dev.chord.cache.Replay;
import dev.chord.cache.trace.Trace;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Belady's theorem: with equal entry sizes, evicting the entry whose next use is farthest misses no more
 * often than any other demand-paging policy. Checked against every registered policy on seeded random
 * traces of several shapes (uniform, skewed, loops with noise, phase changes).
 */
class BeladyBoundTest {

    private static final long SIZE = 64;

    static Trace randomTrace(SplittableRandom r) {
        int keys = 2 + r.nextInt(14);
        int length = 20 + r.nextInt(300);
        long[] k = new long[length];
        int shape = r.nextInt(4);
        for (int i = 0; i < length; i++) {
            k[i] = switch (shape) {
                case 0 -> r.nextInt(keys);
                case 1 -> (long) Math.floor(keys * Math.pow(r.nextDouble(), 3)); // skewed to low keys
                case 2 -> r.nextInt(10) == 0 ? r.nextInt(keys) : i % keys;      // a loop with noise
                default -> (i / 40) * 3 + r.nextInt(Math.max(1, keys / 2));    // phases of a working set
            };
        }
        long[] sizes = new long[length];
        java.util.Arrays.fill(sizes, SIZE);
        return new Trace(new long[length], k, sizes);
    }

    @Test
    void beladyNeverMissesMoreThanAnyPolicy() {
        long seed = Seeds.seed(20240611L);
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 150; round++) {
            Trace t = randomTrace(r);
            int slots = 1 + r.nextInt(Math.max(1, t.distinctKeys()));
            long capacity = slots * SIZE;
            // A schedule for opt.Schedule: the order of first appearance (a guess; the bound must hold anyway).
            LayerSchedule order = LayerSchedule.of(java.util.stream.IntStream.range(0, t.length()).mapToLong(t::key)
                    .distinct().mapToInt(x -> (int) x).toArray());
            PolicyContext ctx = Replay.context(t, capacity, seed + round, order);
            long belady = Replay.run(CacheRegistries.policies().require("opt.Belady"), t, ctx).misses();
            for (EvictionPolicy p : CacheRegistries.policies().available()) {
                long misses = Replay.run(p, t, ctx).misses();
                assertTrue(belady <= misses, Seeds.replay(seed) + "round " + round + ": opt.Belady missed " + belady
                        + ", " + p.name() + " only " + misses + " on " + t + " with " + slots + " slots");
            }
        }
    }
}
