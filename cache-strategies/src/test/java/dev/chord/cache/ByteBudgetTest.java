package dev.chord.cache;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteBudgetTest {

    @Test
    void parsesBytesAndPercentages() {
        assertEquals(new ByteBudget.Bytes(512L << 20), ByteBudget.parse("--budget", "512M"));
        assertEquals(new ByteBudget.Bytes(512L << 20), ByteBudget.parse("--budget", "512MiB"));
        assertEquals(new ByteBudget.Bytes(3L << 29), ByteBudget.parse("--budget", "1.5G"));
        assertEquals(new ByteBudget.Bytes(1000), ByteBudget.parse("--budget", "1000"));
        assertEquals(new ByteBudget.Bytes(2048), ByteBudget.parse("--budget", "2k"));
        assertEquals(new ByteBudget.Percent(25), ByteBudget.parse("--budget", "25%"));
        assertEquals(new ByteBudget.Percent(12.5), ByteBudget.parse("--budget", "12.5%"));
        assertEquals("25%", new ByteBudget.Percent(25).toString());
    }

    @Test
    void percentIsOfLayerBytesWithPinnedOnTop() {
        // 25% of 1000 layer bytes, plus 300 pinned: 550.
        assertEquals(550, new ByteBudget.Percent(25).resolve(1000, 300));
        assertEquals(4096, new ByteBudget.Bytes(4096).resolve(1000, 300));
    }

    @Test
    void badBudgetsSayWhatIsExpected() {
        for (String bad : new String[] {"120%", "0%", "-5%", "abc", "", "0", "1.5", "12Q", "%"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteBudget.parse("--budget", bad), bad);
            assertEquals("--budget " + bad.trim() + ": expected 1..100% or a byte count like 512M", e.getMessage());
        }
    }

    @Test
    void optionsRejectUnknownPluginsNamingTheKnownOnes() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> CacheOptions.parse("50%", "read", "basic.Nope", null));
        assertTrue(e.getMessage().contains("basic.Lru"), e.getMessage());
        e = assertThrows(RuntimeException.class, () -> CacheOptions.parse("50%", "read", null, "psychic"));
        assertTrue(e.getMessage().contains("next-k"), e.getMessage());
        e = assertThrows(RuntimeException.class, () -> CacheOptions.parse("50%", "throttled:1", null, null));
        assertTrue(e.getMessage().contains("MBps"), e.getMessage());
        CacheOptions o = CacheOptions.parse("25%", "throttled:200,5", "BASIC.LRU", "next-k:3");
        assertEquals("basic.Lru", o.policy());
        assertEquals("next-k", o.prefetch());
        assertEquals("3", o.prefetchArgs());
    }
}
