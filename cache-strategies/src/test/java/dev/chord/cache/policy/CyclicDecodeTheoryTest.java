package dev.chord.cache.policy;

import dev.chord.cache.Replay;
import dev.chord.cache.core.CacheStats;
import dev.chord.cache.trace.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The decode order is a loop: layers 0..N-1, then again for the next token. With a budget of C equal layers,
 * C < N:
 * <ul>
 *   <li>LRU, FIFO and CLOCK never hit: a layer's next request comes N requests later, after N-1 other
 *       layers have been loaded, and each of them pushes out the oldest entry, which by then is that layer
 *       (reuse distance N-1 > C-1).</li>
 *   <li>MRU and opt.Schedule evict the layer just used (needed again N-1 requests later, the farthest of
 *       all), and so does opt.Belady. After the C compulsory misses of requests 0..C-1 the pattern repeats
 *       with period N-1: N-C misses, then C-1 hits. Over R = T*N requests that is
 *       hits(R) = (C-1) * floor((R-C)/(N-1)) + max(0, ((R-C) mod (N-1)) - (N-C)),
 *       a hit ratio of (C-1)/(N-1) in steady state.</li>
 * </ul>
 * Worked example, N=5, C=3, T=4 (R=20): requests 0,1,2 miss; from request 3 the pattern is M M H H per 4
 * requests; R-C = 17 = 4*4 + 1, so hits = 2*4 + max(0, 1-2) = 8. Trace by hand: cache {0,1,2}; 3 evicts 2;
 * 4 evicts 3; 0 hit; 1 hit; 2 evicts 1; 3 evicts 2; 4 hit; 0 hit; 1 evicts 0; 2 evicts 1; 3 hit; 4 hit;
 * 0 evicts 4; 1 evicts 0; 2 hit; 3 hit; 4 evicts 3: 8 hits of 20.
 */
class CyclicDecodeTheoryTest {

    private static final long LAYER = 1000;

    static Trace decode(int n, int tokens) {
        long[] sizes = new long[n];
        java.util.Arrays.fill(sizes, LAYER);
        return Trace.decode(sizes, tokens);
    }

    static long expectedOptimalHits(long r, long n, long c) {
        long steady = r - c;
        return (c - 1) * (steady / (n - 1)) + Math.max(0, steady % (n - 1) - (n - c));
    }

    @Test
    void workedExample() {
        assertEquals(8, expectedOptimalHits(20, 5, 3));
        CacheStats s = Replay.run("basic.Mru", decode(5, 4), 3 * LAYER);
        assertEquals(8, s.hits());
        assertEquals(20, s.requests());
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic.Lru", "basic.Fifo", "basic.Clock"})
    void recencyPoliciesNeverHitALoopLargerThanTheCache(String policy) {
        for (int n = 2; n <= 12; n++) {
            for (int c = 1; c < n; c++) {
                CacheStats s = Replay.run(policy, decode(n, 7), c * LAYER);
                assertEquals(0, s.hits(), policy + " N=" + n + " C=" + c);
                assertEquals(7L * n, s.demandLoads(), policy + " N=" + n + " C=" + c);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic.Mru", "opt.Schedule", "opt.Belady"})
    void farthestFirstPoliciesHitCMinusOneOfEveryNMinusOne(String policy) {
        for (int n = 2; n <= 12; n++) {
            for (int c = 1; c < n; c++) {
                for (int tokens : new int[] {1, 2, 5, 9}) {
                    long r = (long) n * tokens;
                    CacheStats s = Replay.run(policy, decode(n, tokens), c * LAYER);
                    assertEquals(expectedOptimalHits(r, n, c), s.hits(), policy + " N=" + n + " C=" + c + " T=" + tokens);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"22,6", "32,8", "40,30"})
    void steadyStateHitRatioIsCMinusOneOverNMinusOne(int n, int c) {
        // Over a whole number of periods after warm-up the ratio is exact: choose T so that R - C is a
        // multiple of N - 1 is not generally possible, so compare hits on requests C .. C + k(N-1).
        int tokens = 2 * (n - 1) + 1;
        long r = (long) n * tokens;
        long periods = (r - c) / (n - 1);
        CacheStats s = Replay.run("opt.Schedule", decode(n, tokens), (long) c * LAYER);
        long hitsInPeriods = s.hits() - Math.max(0, (r - c) % (n - 1) - (n - c));
        assertEquals((double) (c - 1) / (n - 1), (double) hitsInPeriods / (periods * (n - 1)), 1e-12);
    }

    @Test
    void everythingFitsMeansOnlyCompulsoryMisses() {
        // C = N: each of the N layers misses once, then every request hits: T*N - N hits.
        for (String p : new String[] {"basic.Lru", "basic.Fifo", "basic.Clock", "basic.Mru", "opt.Schedule", "opt.Belady",
                "modern.S3Fifo", "modern.Sieve", "adaptive.Arc", "adaptive.WTinyLfu", "modern.TwoQ", "basic.Lfu",
                "basic.Random", "cost.Gdsf"}) {
            CacheStats s = Replay.run(p, decode(6, 4), 6 * LAYER);
            assertEquals(24 - 6, s.hits(), p);
        }
    }
}
