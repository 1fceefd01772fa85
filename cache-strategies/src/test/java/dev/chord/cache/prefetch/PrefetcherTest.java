package dev.chord.cache.prefetch;

import dev.chord.api.cache.CacheRegistries;
import dev.chord.api.cache.LayerSchedule;
import dev.chord.api.cache.PrefetchContext;
import dev.chord.api.cache.Prefetcher;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefetcherTest {

    static Prefetcher create(String name, String args, int layers) {
        return CacheRegistries.prefetchers().require(name).create(
                new PrefetchContext(layers, Optional.of(LayerSchedule.sequential(layers)), l -> 100, args));
    }

    @Test
    void nextKWrapsToTheNextToken() {
        Prefetcher p = create("next-k", "3", 5);
        assertArrayEquals(new int[] {2, 3, 4}, p.onAccess(1, 0));
        assertArrayEquals(new int[] {4, 0, 1}, p.onAccess(3, 0));
        // never more than one pass ahead: k is cut to N-1
        assertArrayEquals(new int[] {1, 2}, create("next-k", "8", 3).onAccess(0, 0));
    }

    @Test
    void harmlessVetoesVictimsNeededBeforeThePrefetchedLayer() {
        Prefetcher p = create("harmless", "2", 6);
        p.onAccess(2, 0);
        // Prefetching 4 (2 steps ahead): evicting 3 (1 step ahead) would hurt, evicting 1 (5 ahead) or 2 (the
        // current layer, 6 ahead) would not.
        assertFalse(p.allowEviction(4, 3));
        assertTrue(p.allowEviction(4, 1));
        assertTrue(p.allowEviction(4, 2));
        assertTrue(p.allowEviction(4, 5));
    }

    @Test
    void recordedLearnsTheOrderOfTheFirstPass() {
        Prefetcher p = create("recorded", "2", 4);
        int[] order = {3, 1, 0, 2};
        for (int l : order) {
            assertArrayEquals(new int[0], p.onAccess(l, 0), "nothing is known during the first pass");
        }
        assertArrayEquals(new int[] {1, 0}, p.onAccess(3, 0));
        assertArrayEquals(new int[] {3, 1}, p.onAccess(2, 0));
    }

    @Test
    void adaptiveLooksAheadLoadOverComputeLayers() {
        AdaptiveLookahead.State p = (AdaptiveLookahead.State) create("adaptive", "6", 10);
        assertEquals(1, p.lookahead(), "no measurements yet");
        // Loads take 7 ms; the consumer computes 2 ms between being served and asking again: ceil(7/2) = 4.
        long t = 0;
        p.onLoaded(0, 100, 7_000_000, false);
        for (int l = 0; l < 5; l++) {
            p.onAccess(l, t);
            p.onServed(l, t);
            t += 2_000_000;
        }
        assertEquals(4, p.lookahead());
        assertArrayEquals(new int[] {6, 7, 8, 9}, p.onAccess(5, t));
        // Loads much slower than compute: capped at KMAX = 6.
        for (int i = 0; i < 40; i++) {
            p.onLoaded(1, 100, 100_000_000, true);
        }
        assertEquals(6, p.lookahead());
    }

    @Test
    void lookaheadArgumentsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create("next-k", "zero", 4));
        assertTrue(e.getMessage().contains("next-k:zero"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> create("next-k", "0", 4));
        assertThrows(IllegalArgumentException.class, () -> create("none", "3", 4));
    }

    @Test
    void scheduleDrivenStrategiesNeedASchedule() {
        PrefetchContext noOrder = new PrefetchContext(4, Optional.empty(), l -> 1, "");
        for (String s : new String[] {"next-k", "adaptive", "harmless"}) {
            assertTrue(CacheRegistries.prefetchers().require(s).unmetNeed(noOrder).isPresent(), s);
        }
        assertTrue(CacheRegistries.prefetchers().require("recorded").unmetNeed(noOrder).isEmpty());
    }
}
