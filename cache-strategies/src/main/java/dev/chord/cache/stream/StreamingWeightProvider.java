package dev.chord.cache.stream;

import dev.chord.api.cache.EvictionPolicy;
import dev.chord.api.cache.LayerSchedule;
import dev.chord.api.cache.PolicyContext;
import dev.chord.api.cache.PrefetchContext;
import dev.chord.api.cache.PrefetchStrategy;
import dev.chord.api.cache.Prefetcher;
import dev.chord.api.cache.ResidentExtents;
import dev.chord.api.cache.WeightSource;
import dev.chord.api.plugin.PluginException;
import dev.chord.api.tensor.TensorView;
import dev.chord.api.weights.LayerLease;
import dev.chord.api.weights.WeightProvider;
import dev.chord.cache.core.CacheCore;
import dev.chord.cache.trace.Trace;
import dev.chord.cache.trace.TraceRecorder;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Weights streamed from storage under a byte budget: the global tensors are loaded once and pinned, the
 * layers ({@code blk.N.*}, each loaded as one unit) come and go as the eviction policy decides, and a
 * prefetcher loads layers ahead on its own thread(s) while the forward pass computes. {@link #acquire}
 * blocks until the layer is resident and keeps it from eviction until the lease is closed.
 *
 * <p>Statistics ({@link #stats()}) give hits, loads, bytes, stall time and prefetch use; with trace recording
 * on, {@link #trace()} gives the requests for replay in {@code chord cache-sim} or libCacheSim. Closing stops
 * the prefetcher, checks the cache's and the policy's invariants (throwing {@link IllegalStateException} if
 * one is broken, e.g. a lease never closed) and frees every buffer.
 */
public final class StreamingWeightProvider implements WeightProvider {

    /** Key under which the pinned global tensors are accounted. */
    private static final long GLOBALS_KEY = -1;

    private final ModelLayout layout;
    private final WeightSource source;
    private final ResidentExtents globalBytes;
    private final Map<String, TensorView> globals;
    private final ConcurrentLayerCache cache;
    private final TraceRecorder recorder;
    private final String policyName;
    private final String prefetchName;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param budgetBytes total bytes this provider may hold: pinned globals plus resident and loading layers
     * @param prefetchArgs the part of the prefetch spec after the colon, or ""
     * @param prefetchThreads threads that run prefetches (0 disables them even if the strategy asks)
     * @throws IllegalArgumentException if the budget cannot hold the globals and the largest layer, or the
     *                                  policy or prefetcher cannot run on a live forward pass
     */
    public StreamingWeightProvider(ModelLayout layout, WeightSource source, long budgetBytes, EvictionPolicy policy,
                                   PrefetchStrategy prefetch, String prefetchArgs, int prefetchThreads,
                                   boolean recordTrace, long seed) throws IOException {
        this.layout = layout;
        this.source = source;
        this.policyName = policy.name();
        this.prefetchName = prefetchArgs.isBlank() ? prefetch.name() : prefetch.name() + ":" + prefetchArgs;
        int n = layout.layerCount();
        long[] layerBytes = new long[n];
        long largest = 0;
        for (int i = 0; i < n; i++) {
            layerBytes[i] = source.footprint(layout.extents(layout.layer(i)));
            largest = Math.max(largest, layerBytes[i]);
        }
        long pinned = layout.globals().isEmpty() ? 0 : source.footprint(layout.extents(layout.globals()));
        if (budgetBytes < pinned + largest) {
            throw new IllegalArgumentException("a budget of " + budgetBytes + " bytes cannot hold the pinned global tensors ("
                    + pinned + " bytes) and the largest layer (" + largest + " bytes): at least " + (pinned + largest)
                    + " bytes are needed");
        }
        LayerSchedule schedule = n > 0 ? LayerSchedule.sequential(n) : null;
        PolicyContext pc = PolicyContext.online(budgetBytes - pinned, n, seed);
        if (schedule != null) {
            pc = pc.withSchedule(schedule);
        }
        Optional<String> unmet = policy.unmetNeed(pc);
        if (unmet.isPresent()) {
            throw new PluginException("policy " + policy.name() + " cannot stream a live run: " + unmet.get());
        }
        PrefetchContext fc = new PrefetchContext(n, Optional.ofNullable(schedule), l -> layerBytes[l], prefetchArgs);
        Optional<String> unmetPrefetch = prefetch.unmetNeed(fc);
        if (unmetPrefetch.isPresent()) {
            throw new PluginException("prefetch " + prefetch.name() + " cannot run here: " + unmetPrefetch.get());
        }
        Prefetcher prefetcher = prefetch.create(fc);
        CacheCore core = new CacheCore(budgetBytes, policy.create(pc), policy.name());
        this.globalBytes = layout.globals().isEmpty() ? null : source.load(layout.extents(layout.globals()));
        Map<String, TensorView> g = new HashMap<>();
        for (int i = 0; i < layout.globals().size(); i++) {
            ModelLayout.Tensor t = layout.globals().get(i);
            g.put(t.name(), new TensorView(t.name(), t.type(), t.shape(), globalBytes.segment(i)));
        }
        this.globals = Map.copyOf(g);
        if (pinned > 0) {
            core.pin(GLOBALS_KEY, pinned);
        }
        this.recorder = recordTrace ? new TraceRecorder(System.nanoTime()) : null;
        this.cache = new ConcurrentLayerCache(core, layerBytes,
                layer -> new LoadedLayer(layout.layer(layer), source.load(layout.extents(layout.layer(layer)))),
                prefetcher, recorder);
        cache.startPrefetching(prefetch.name().equals("none") ? 0 : prefetchThreads);
    }

    @Override
    public int layerCount() {
        return layout.layerCount();
    }

    /**
     * Every tensor name, without loading anything. (Overrides {@code WeightProvider.tensorNames()} where the
     * api has it; written without {@code @Override} so it compiles against either version.)
     */
    @Override
    public java.util.Set<String> tensorNames() {
        return layout.tensorNames();
    }

    @Override
    public Optional<TensorView> global(String name) {
        return Optional.ofNullable(globals.get(name));
    }

    @Override
    public LayerLease acquire(int layer) {
        if (layer < 0 || layer >= layout.layerCount()) {
            throw new IllegalArgumentException("layer " + layer + " outside 0.." + (layout.layerCount() - 1)
                    + " of " + layout.file());
        }
        LoadedLayer loaded = cache.acquire(layer);
        return new Lease(layer, loaded);
    }

    private final class Lease implements LayerLease {
        private final int layer;
        private final LoadedLayer loaded;
        private final AtomicBoolean released = new AtomicBoolean();

        Lease(int layer, LoadedLayer loaded) {
            this.layer = layer;
            this.loaded = loaded;
        }

        @Override
        public int layer() {
            return layer;
        }

        @Override
        public Optional<TensorView> find(String shortName) {
            if (released.get()) {
                throw new IllegalStateException("lease of layer " + layer + " is closed");
            }
            return Optional.ofNullable(loaded.tensors().get(shortName));
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                cache.release(layer);
            }
        }
    }

    /** Counters of the run so far. */
    public StreamingStats stats() {
        return new StreamingStats(policyName, prefetchName, source.spec(), layout.layerCount(), cache.stats(),
                source.counters());
    }

    /** Checks the cache's and the policy's invariants now (leases and loads may be in progress). */
    public void checkInvariants() {
        cache.checkInvariants(false);
    }

    /** The requests recorded so far. */
    public Trace trace() {
        if (recorder == null) {
            throw new IllegalStateException("trace recording is off: open the provider with recordTrace");
        }
        return recorder.trace();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            cache.close();
        } finally {
            if (globalBytes != null) {
                globalBytes.close();
            }
            source.close();
        }
    }
}
