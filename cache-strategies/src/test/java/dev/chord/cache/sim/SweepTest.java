package dev.chord.cache.sim;

import dev.chord.api.cache.CacheRegistries;
import dev.chord.cache.TestModels;
import dev.chord.cache.stream.ModelLayout;
import dev.chord.cache.storage.DeviceModel;
import dev.chord.cache.trace.Trace;
import dev.chord.gguf.GgufFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepTest {

    @TempDir
    Path dir;

    @Test
    void aModelSweepRunsEveryCellAndTheBoundsHold() throws IOException {
        Path model = TestModels.llama(dir, "m.gguf", 10);
        try (GgufFile f = GgufFile.open(model)) {
            Workload w = Workload.decode(ModelLayout.of(f), 6);
            // A layer is about 11 KB: a load takes 0.5 ms + 11 KB at 50 MB/s, about 0.7 ms; computing takes 1 ms,
            // so prefetching can hide loads behind compute.
            CostModel cost = CostModel.of(DeviceModel.ofMBps(50, 0.5), 1.0, 5);
            Sweep.Result r = Sweep.run(w, Sweep.budgets("25%,50%,90%"), Sweep.policies("all"), Sweep.prefetchSpecs("all"),
                    cost, 1);
            int policies = CacheRegistries.policies().available().size();
            int prefetchers = CacheRegistries.prefetchers().available().size();
            assertEquals(3 * policies * prefetchers, r.cells().size(), "skipped: " + r.skipped());
            assertTrue(r.skipped().isEmpty(), "a model knows its future and its order: " + r.skipped());
            for (String budget : new String[] {"25%", "50%", "90%"}) {
                long belady = r.cells().stream().filter(c -> c.budget().equals(budget) && c.prefetch().equals("none")
                        && c.policy().equals("opt.Belady")).findFirst().orElseThrow().stats().misses();
                for (Sweep.Cell c : r.cells()) {
                    if (c.budget().equals(budget) && c.prefetch().equals("none")) {
                        assertTrue(belady <= c.stats().misses(), c.policy() + " at " + budget);
                    }
                    assertTrue(c.stats().peakBytes() <= c.budgetBytes(), c.toString());
                    assertTrue(c.tokensPerSecond() <= r.allInRam().tokensPerSecond() * (1 + 1e-9), c.toString());
                }
            }
            // With loads shorter than compute, prefetching along the order beats loading on demand.
            Sweep.Cell none = r.best("50%", "none").orElseThrow();
            Sweep.Cell nextK = r.best("50%", "next-k").orElseThrow();
            assertTrue(nextK.stallMillisPerToken() < none.stallMillisPerToken(), nextK + " vs " + none);
            assertTrue(r.noCache().tokensPerSecond() < none.tokensPerSecond());
        }
    }

    @Test
    void aTraceWithoutARepeatedOrderSkipsWhatNeedsOneAndSaysWhy() {
        Trace t = new Trace(new long[6], new long[] {0, 1, 2, 1, 0, 2}, new long[] {10, 10, 10, 10, 10, 10});
        Sweep.Result r = Sweep.run(Workload.replay("t.csv", t), Sweep.budgets("70%"), Sweep.policies("all"),
                Sweep.prefetchSpecs("all"), CostModel.of(CostModel.DEFAULT_DEVICE, 1.0, 10), 1);
        assertTrue(r.skipped().get("policy opt.Schedule").contains("layer execution order"), r.skipped().toString());
        assertTrue(r.skipped().get("prefetch next-k").contains("execution order"), r.skipped().toString());
        assertTrue(r.cells().stream().anyMatch(c -> c.policy().equals("opt.Belady")), "Belady runs on a trace");
        assertTrue(r.cells().stream().anyMatch(c -> c.prefetch().equals("recorded")));
    }

    @Test
    void aBudgetTooSmallForTheLargestLayerIsSkipped() {
        Trace t = Trace.decode(new long[] {100, 100, 100, 100}, 2);
        Sweep.Result r = Sweep.run(Workload.replay("t", t), Sweep.budgets("10%,50%"), Sweep.policies("basic.Lru"),
                Sweep.prefetchSpecs("none"), CostModel.of(CostModel.DEFAULT_DEVICE, null, 10), 1);
        assertTrue(r.skipped().containsKey("budget 10%"), r.skipped().toString());
        assertEquals(1, r.cells().size());
    }
}
