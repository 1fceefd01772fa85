package dev.chord.cache.stream;

import dev.chord.api.cache.CacheRegistries;
import dev.chord.api.cache.Extent;
import dev.chord.api.cache.ResidentExtents;
import dev.chord.api.cache.StorageCounters;
import dev.chord.api.cache.WeightSource;
import dev.chord.api.tensor.TensorView;
import dev.chord.api.testing.Seeds;
import dev.chord.api.weights.LayerLease;
import dev.chord.api.weights.WeightProvider;
import dev.chord.cache.ByteBudget;
import dev.chord.cache.CacheOptions;
import dev.chord.cache.TestModels;
import dev.chord.cache.WeightProviders;
import dev.chord.cache.core.CacheStats;
import dev.chord.cache.storage.StorageSpec;
import dev.chord.cache.trace.Trace;
import dev.chord.gguf.GgufFile;
import dev.chord.gguf.GgufTensorInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class StreamingWeightProviderTest {

    private static final int LAYERS = 8;

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void writeModel() throws IOException {
        model = TestModels.llama(dir, "stream.gguf", LAYERS);
    }

    /** Compares every tensor a lease shows with the bytes the GGUF file holds for it. */
    static void assertLayerBytes(GgufFile file, LayerLease lease) {
        int layer = lease.layer();
        int found = 0;
        for (GgufTensorInfo t : file.tensors()) {
            String prefix = "blk." + layer + ".";
            if (!t.name().startsWith(prefix)) {
                continue;
            }
            TensorView v = lease.tensor(t.name().substring(prefix.length()));
            assertEquals(t.name(), v.name());
            assertEquals(t.type(), v.type());
            MemorySegment expected = file.tensorData(t);
            assertEquals(expected.byteSize(), v.data().byteSize(), t.name());
            long mismatch = expected.mismatch(v.data());
            assertEquals(-1, mismatch, t.name() + " differs from the file at byte " + mismatch);
            found++;
        }
        assertEquals(5, found, "tensors of layer " + layer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"read", "mmap", "throttled:2000,0", "throttled:2000,0,mmap"})
    void leasesShowTheFilesBytesForEveryStorage(String storage) throws IOException {
        try (GgufFile file = GgufFile.open(model);
             StreamingWeightProvider p = WeightProviders.openStreaming(file,
                     CacheOptions.parse("30%", storage, "basic.Lru", "next-k"))) {
            assertEquals(LAYERS, p.layerCount());
            assertEquals(3 + 5 * LAYERS, p.tensorNames().size());
            assertTrue(p.tensorNames().contains("blk.7.ffn_down.weight") && p.tensorNames().contains("output.weight"));
            for (String g : new String[] {"token_embd.weight", "output_norm.weight", "output.weight"}) {
                TensorView v = p.global(g).orElseThrow();
                assertEquals(-1, file.tensorData(file.tensorInfo(g)).mismatch(v.data()), g);
            }
            for (int token = 0; token < 3; token++) {
                for (int l = 0; l < LAYERS; l++) {
                    try (LayerLease lease = p.acquire(l)) {
                        assertLayerBytes(file, lease);
                    }
                }
            }
            StreamingStats s = p.stats();
            CacheStats c = s.cache();
            assertEquals(3L * LAYERS, c.requests());
            assertTrue(c.peakBytes() <= c.capacityBytes(), "peak " + c.peakBytes() + " over " + c.capacityBytes());
            assertTrue(c.bytesLoaded() > 0);
            assertEquals(storage, s.storage());
            p.checkInvariants();
        }
    }

    @Test
    void budgetIsResolvedOnLayerBytesPlusPinnedGlobals() throws IOException {
        try (GgufFile file = GgufFile.open(model)) {
            ModelLayout layout = ModelLayout.of(file);
            long layerBytes = 0;
            for (int i = 0; i < LAYERS; i++) {
                layerBytes += dev.chord.cache.storage.Coalescer.footprint(layout.extents(layout.layer(i)));
            }
            long pinned = dev.chord.cache.storage.Coalescer.footprint(layout.extents(layout.globals()));
            try (StreamingWeightProvider p = WeightProviders.openStreaming(file,
                    CacheOptions.parse("50%", "read", "opt.Schedule", "none"))) {
                CacheStats c = p.stats().cache();
                assertEquals(pinned, c.pinnedBytes());
                assertEquals(new ByteBudget.Percent(50).resolve(layerBytes, pinned), c.capacityBytes());
                assertEquals(pinned + layerBytes / 2, c.capacityBytes());
            }
        }
    }

    @Test
    void aBudgetBelowGlobalsPlusLargestLayerIsRefusedWithTheNumbers() throws IOException {
        try (GgufFile file = GgufFile.open(model)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightProviders.openStreaming(
                    file, CacheOptions.parse("1K", "read", "basic.Lru", "none")));
            assertTrue(e.getMessage().contains("cannot hold the pinned global tensors"), e.getMessage());
        }
    }

    @Test
    void beladyCannotDriveALiveRun() throws IOException {
        try (GgufFile file = GgufFile.open(model)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> WeightProviders.openStreaming(
                    file, CacheOptions.parse("50%", "read", "opt.Belady", "none")));
            assertTrue(e.getMessage().contains("needs the future"), e.getMessage());
        }
    }

    @Test
    void noBudgetWithMmapIsTheAllResidentBaseline() throws IOException {
        try (GgufFile file = GgufFile.open(model);
             WeightProvider p = WeightProviders.open(file, CacheOptions.parse(null, "mmap", null, null))) {
            assertInstanceOf(AllResidentWeightProvider.class, p);
            for (int l = 0; l < LAYERS; l++) {
                try (LayerLease lease = p.acquire(l)) {
                    assertLayerBytes(file, lease);
                }
            }
            assertTrue(p.global("output.weight").isPresent());
            assertThrows(IllegalArgumentException.class, () -> p.acquire(LAYERS));
        }
    }

    @Test
    void scheduleWithTwoLayersOfRoomHitsAsTheTheoryPredicts() throws IOException {
        // Budget: globals + 3 of 8 layers (all layers are the same size). opt.Schedule, no prefetch, 4 tokens:
        // R = 32, N = 8, C = 3; hits = (C-1) * floor((R-C)/(N-1)) + max(0, (R-C) mod (N-1) - (N-C))
        //                            = 2 * 4 + max(0, 1 - 5) = 8.
        try (GgufFile file = GgufFile.open(model)) {
            ModelLayout layout = ModelLayout.of(file);
            long layer = dev.chord.cache.storage.Coalescer.footprint(layout.extents(layout.layer(0)));
            long pinned = dev.chord.cache.storage.Coalescer.footprint(layout.extents(layout.globals()));
            try (StreamingWeightProvider p = WeightProviders.openStreaming(file,
                    CacheOptions.parse(Long.toString(pinned + 3 * layer), "read", "opt.Schedule", "none")
                            .withTraceRecording(true))) {
                for (int t = 0; t < 4; t++) {
                    for (int l = 0; l < LAYERS; l++) {
                        p.acquire(l).close();
                    }
                }
                assertEquals(8, p.stats().cache().hits());
                assertEquals(24, p.stats().cache().demandLoads());
                Trace trace = p.trace();
                assertEquals(32, trace.length());
                assertEquals(3, trace.key(3 + LAYERS));
                assertEquals(layer, trace.size(5));
            }
        }
    }

    @Test
    void closingWithALeaseOpenReportsTheBrokenInvariant() throws IOException {
        try (GgufFile file = GgufFile.open(model)) {
            StreamingWeightProvider p = WeightProviders.openStreaming(file, CacheOptions.parse("50%", "read", "basic.Lru", "none"));
            p.acquire(2);
            IllegalStateException e = assertThrows(IllegalStateException.class, p::close);
            assertTrue(e.getMessage().contains("leased"), e.getMessage());
        }
    }

    /** A source that counts the bytes it holds, to check the memory really stays within the budget. */
    static final class CountingSource implements WeightSource {
        final WeightSource inner;
        final AtomicLong live = new AtomicLong();
        final AtomicLong maxLive = new AtomicLong();

        CountingSource(WeightSource inner) {
            this.inner = inner;
        }

        @Override
        public long footprint(List<Extent> extents) {
            return inner.footprint(extents);
        }

        @Override
        public ResidentExtents load(List<Extent> extents) throws IOException {
            ResidentExtents r = inner.load(extents);
            long now = live.addAndGet(r.footprint());
            maxLive.accumulateAndGet(now, Math::max);
            return new ResidentExtents() {
                @Override
                public MemorySegment segment(int i) {
                    return r.segment(i);
                }

                @Override
                public long footprint() {
                    return r.footprint();
                }

                @Override
                public void close() {
                    live.addAndGet(-r.footprint());
                    r.close();
                }
            };
        }

        @Override
        public StorageCounters counters() {
            return inner.counters();
        }

        @Override
        public String spec() {
            return inner.spec();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"opt.Schedule", "basic.Lru", "modern.S3Fifo", "adaptive.Arc", "basic.Random"})
    void concurrentConsumersAndPrefetchersNeverExceedTheBudget(String policy) throws Exception {
        long seed = Seeds.seed(1234L);
        try (GgufFile file = GgufFile.open(model)) {
            ModelLayout layout = ModelLayout.of(file);
            CountingSource source = new CountingSource(StorageSpec.parse("read").open(model));
            long layer = source.footprint(layout.extents(layout.layer(0)));
            long pinned = source.footprint(layout.extents(layout.globals()));
            long budget = pinned + 3 * layer;
            AtomicReference<Throwable> failure = new AtomicReference<>();
            try (StreamingWeightProvider p = new StreamingWeightProvider(layout, source, budget,
                    CacheRegistries.policies().require(policy), CacheRegistries.prefetchers().require("next-k"), "2",
                    2, false, seed)) {
                int threads = 3;
                CountDownLatch start = new CountDownLatch(1);
                List<Thread> consumers = new ArrayList<>();
                for (int c = 0; c < threads; c++) {
                    long s = seed + c;
                    consumers.add(Thread.ofPlatform().start(() -> {
                        SplittableRandom r = new SplittableRandom(s);
                        try {
                            start.await();
                            for (int i = 0; i < 150; i++) {
                                // Mostly the decode order, sometimes a jump: the prefetcher guesses wrong too.
                                int l = r.nextInt(5) == 0 ? r.nextInt(LAYERS) : i % LAYERS;
                                try (LayerLease lease = p.acquire(l)) {
                                    assertLayerBytes(file, lease);
                                }
                                assertTrue(source.live.get() <= budget, "live " + source.live.get() + " > " + budget);
                            }
                        } catch (Throwable t) {
                            failure.compareAndSet(null, t);
                        }
                    }));
                }
                start.countDown();
                for (Thread t : consumers) {
                    t.join();
                }
                if (failure.get() != null) {
                    fail(Seeds.replay(seed) + policy + ": " + failure.get(), failure.get());
                }
                CacheStats c = p.stats().cache();
                assertEquals(threads * 150L, c.requests());
                assertTrue(c.peakBytes() <= budget, Seeds.replay(seed) + "peak " + c.peakBytes() + " over " + budget);
                assertTrue(source.maxLive.get() <= budget, Seeds.replay(seed) + "memory held " + source.maxLive.get()
                        + " over " + budget);
                assertTrue(c.prefetchIssued() > 0, "the prefetcher never ran");
                assertTrue(c.prefetchUsed() > 0, "no prefetched layer was ever used");
                p.checkInvariants();
            }
            assertEquals(0, source.live.get(), "buffers left allocated after close");
        }
    }

}
