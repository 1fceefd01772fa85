package dev.chord.cache.policy;

import dev.chord.api.cache.CacheRegistries;
import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.Replay;
import dev.chord.cache.trace.Trace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Hand-computed traces that tell the policies apart. Keys are numbers, every entry is 10 bytes, and the
 * capacity is given in entries (times 10 bytes). "m" is a miss, "h" a hit.
 */
class PolicyBehaviourTest {

    private static final long S = 10;

    private static long hits(String policy, long slots, long... keys) {
        return Replay.run(policy, Replay.keys(S, keys), slots * S).hits();
    }

    private static long[] concat(long[]... parts) {
        List<Long> all = new ArrayList<>();
        for (long[] p : parts) {
            for (long x : p) {
                all.add(x);
            }
        }
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] range(long from, long toExclusive) {
        return java.util.stream.LongStream.range(from, toExclusive).toArray();
    }

    @Test
    void fifoIgnoresHitsLruAndClockDoNot() {
        // 1 2 3 1 4 1 with 3 slots.
        // FIFO: m m m h, 4 evicts 1 (loaded first), 1 m: 1 hit.
        // LRU:  m m m h (1 newest), 4 evicts 2, 1 h: 2 hits.
        // CLOCK: the hit sets 1's bit; 4's sweep clears it and evicts 2; 1 h: 2 hits.
        // SIEVE: same sweep from the tail (1 visited, cleared), evicts 2: 2 hits.
        long[] t = {1, 2, 3, 1, 4, 1};
        assertEquals(1, hits("basic.Fifo", 3, t));
        assertEquals(2, hits("basic.Lru", 3, t));
        assertEquals(2, hits("basic.Clock", 3, t));
        assertEquals(2, hits("modern.Sieve", 3, t));
    }

    @Test
    void sieveKeepsAVisitedEntryThroughTwoInsertionsFifoDoesNot() {
        // 1 2 3 1 4 5 1 with 3 slots.
        // SIEVE: 4: hand at tail 1 (visited, cleared) -> 2 evicted, hand moves to 3; 5: 3 unvisited, evicted;
        //        1 h: 2 hits.
        // FIFO:  4 evicts 1, 5 evicts 2, 1 m: 1 hit.
        long[] t = {1, 2, 3, 1, 4, 5, 1};
        assertEquals(2, hits("modern.Sieve", 3, t));
        assertEquals(1, hits("basic.Fifo", 3, t));
    }

    @Test
    void lfuKeepsTheFrequentEntryLruEvictsIt() {
        // 1 1 2 3 4 1 with 3 slots.
        // LFU: counts 1:2, 2:1, 3:1; 4 evicts 2 (count 1, older than 3); 1 h: 2 hits.
        // LRU: recency 2 3 ... 1 is least recent when 4 comes (order 1,2,3 -> after "1 1" 1 is oldest): 4 evicts 1,
        //      1 m: 1 hit.
        long[] t = {1, 1, 2, 3, 4, 1};
        assertEquals(2, hits("basic.Lfu", 3, t));
        assertEquals(1, hits("basic.Lru", 3, t));
    }

    @Test
    void s3FifoProtectsEntriesPromotedToMainFromAScan() {
        // 10 slots: S holds 10% = 1 entry's bytes, M the rest. Hot keys 1..5 each requested three times in a
        // row (2 hits each, freq 2 > 1), then a scan of 21 one-time keys, then 1..5 again.
        // When the cache is full (at scan key 105) the S tail is walked: 1..5 have freq 2 and move to M, the
        // first scan key (freq 0) is evicted to the ghost queue; from then on S holds >= 10% and every scan
        // key leaves through S. 1..5 stay in M: 5 more hits. Total 5*2 + 5 = 15.
        // LRU: the 21-key scan flushes 1..5: 10 hits.
        long[] hot = {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5};
        long[] t = concat(hot, range(100, 121), range(1, 6));
        assertEquals(15, hits("modern.S3Fifo", 10, t));
        assertEquals(10, hits("basic.Lru", 10, t));
    }

    @Test
    void twoQPromotesAKeySeenAgainAfterLeavingProbation() {
        // 4 slots: Kin = 25% (1 entry), Kout = 50% (2 entries).
        // 1 2 3 4 fill A1in. 5: A1in over Kin, evict 1 -> A1out[1]. 1: found in A1out; room: evict 2 -> A1out,
        // 1 enters Am. Scan 100..105: A1in stays over Kin, so each scan key evicts A1in's tail; Am keeps 1.
        // Last 1: hit. 1 hit in all. LRU: the scan flushes 1: 0 hits.
        long[] t = concat(new long[] {1, 2, 3, 4, 5, 1}, range(100, 106), new long[] {1});
        assertEquals(1, hits("modern.TwoQ", 4, t));
        assertEquals(0, hits("basic.Lru", 4, t));
    }

    @Test
    void arcKeepsAFrequentKeyInT2ThroughAScan() {
        // 4 slots. 1 1: 1 moves to T2. Scan 100..105 fills T1; with p = 0 REPLACE always takes T1's LRU end.
        // Last 1: hit. 2 hits. LRU: 1 h, then the scan evicts 1: 1 hit.
        long[] t = concat(new long[] {1, 1}, range(100, 106), new long[] {1});
        assertEquals(2, hits("adaptive.Arc", 4, t));
        assertEquals(1, hits("basic.Lru", 4, t));
    }

    @Test
    void arcAdaptsTowardsRecencyOnAGhostHitInB1() {
        // 2 slots, p = 0. 5 5: 5 moves to T2. 1: T1 = {1}. 2: REPLACE takes T1's LRU (T1 is over p = 0): 1
        // goes to B1 (|T1| + |B1| = 2 entries = c, so the ghost is kept). 1 again: found in B1, so p rises by
        // max(1, |B2|/|B1|) = 1 entry and 1 leaves B1; REPLACE: T1 = {2} is no longer over p, so T2's LRU (5)
        // is evicted instead, and 2 survives: the final 2 hits. 2 hits (5 and 2).
        // Without the adaptation (p = 0) REPLACE would evict 2 and only 5 would hit.
        long[] t = {5, 5, 1, 2, 1, 2};
        assertEquals(2, hits("adaptive.Arc", 2, t));
        // With |T1| = c the paper keeps no ghost (case IV.A): 1 2 3 1 4 3 loses 1's history, 3 is evicted: 0 hits.
        assertEquals(0, hits("adaptive.Arc", 2, 1, 2, 3, 1, 4, 3));
    }

    @Test
    void wTinyLfuAdmitsOnlyWhatIsMoreFrequentThanTheMainVictim() {
        // 10 slots, window 1% of the bytes. Keys 1..3 requested 5 times each (interleaved): 12 hits, all fit.
        // A scan of 30 one-time keys: when the cache fills, window entries move into the main space while it
        // has room (1, 2, 3 first, as the oldest), then each new candidate (sketch count 1) loses against the
        // main victim, so it is the candidate that goes. 1..3 survive: 3 more hits, 15 in all.
        // LRU: the scan flushes them: 12.
        long[] hot = {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3};
        long[] t = concat(hot, range(100, 130), new long[] {1, 2, 3});
        assertEquals(15, hits("adaptive.WTinyLfu", 10, t));
        assertEquals(12, hits("basic.Lru", 10, t));
    }

    @Test
    void gdsfEvictsTheCheapReloadFirstAndAgesTheExpensiveOne() {
        // Two entries of 100 bytes: key 1 reloads in 1,000,000 ns, key 2 in 1,000 ns.
        // H = L + freq * cost / size: H1 = 0 + 1e6/100 = 10,000; H2 = 0 + 1e3/100 = 10. Key 2 goes, L = 10.
        // Each following cheap key k gets H = L + 10 and is evicted next, raising L by 10: after n such
        // evictions L = 10 (n + 1). Key 1 (H = 10,000, never requested again) becomes the victim once a cheap
        // key's H reaches 10,000 and ties it (the older tick wins): L + 10 = 10,000 at L = 9,990, n = 998.
        Evictor e = CacheRegistries.policies().require("cost.Gdsf").create(PolicyContext.online(200, 4, 1));
        e.onInsert(1, 100, false);
        e.onLoaded(1, 1_000_000);
        e.onInsert(2, 100, false);
        e.onLoaded(2, 1_000);
        assertEquals(2, e.victim(3, k -> true));
        e.onEvict(2);
        int cheapEvictions = 0;
        long next = 3;
        while (true) {
            e.onInsert(next, 100, false);
            e.onLoaded(next, 1_000);
            long v = e.victim(next + 1, k -> true);
            e.onEvict(v);
            if (v == 1) {
                break;
            }
            assertEquals(next, v);
            cheapEvictions++;
            next++;
        }
        assertEquals(998, cheapEvictions);
        e.checkInvariants(Set.of(next));
    }

    @Test
    void randomIsReproducibleFromTheSeedAndDependsOnIt() {
        Trace t = Replay.keys(S, concat(range(0, 20), range(0, 20), range(5, 25), range(0, 20)));
        long a = Replay.run(CacheRegistries.policies().require("basic.Random"), t, Replay.context(t, 8 * S, 1)).hits();
        long b = Replay.run(CacheRegistries.policies().require("basic.Random"), t, Replay.context(t, 8 * S, 1)).hits();
        assertEquals(a, b);
        List<Long> bySeed = new ArrayList<>();
        for (long seed = 0; seed < 8; seed++) {
            bySeed.add(Replay.run(CacheRegistries.policies().require("basic.Random"), t, Replay.context(t, 8 * S, seed)).hits());
        }
        assertNotEquals(1, bySeed.stream().distinct().count(), "eight seeds, one outcome: " + bySeed);
    }

    @Test
    void policiesSkipKeysTheCacheCannotEvict() {
        // Every policy, with all but one key leased: the nominee must be the free one.
        for (String name : CacheRegistries.policies().names()) {
            Trace t = Replay.keys(S, 1, 2, 3, 4);
            Evictor e = CacheRegistries.policies().require(name).create(Replay.context(t, 40, 3));
            for (long k = 1; k <= 4; k++) {
                e.onAccess(k, S, false);
                e.onInsert(k, S, false);
            }
            for (long free = 1; free <= 4; free++) {
                long f = free;
                assertEquals(free, e.victim(5, k -> k == f), name);
            }
            assertEquals(Evictor.NONE, e.victim(5, k -> false), name);
        }
    }
}
