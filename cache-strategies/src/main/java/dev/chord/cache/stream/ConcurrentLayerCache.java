package dev.chord.cache.stream;

import dev.chord.api.cache.Prefetcher;
import dev.chord.cache.core.CacheCore;
import dev.chord.cache.core.CacheStats;
import dev.chord.cache.trace.TraceRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The thread-safe layer cache of a live run: {@link CacheCore}'s rules under one lock, loads done outside
 * it, so the consumer and the prefetch threads load different layers at the same time. Memory of an evicted
 * layer is freed before the bytes of its successor are read, so what is allocated never exceeds the budget.
 */
final class ConcurrentLayerCache {

    /** Loads one layer's bytes. */
    interface Loader {
        LoadedLayer load(int layer) throws IOException;
    }

    /** How long a request waits for room before calling the budget too small for the leases held. */
    static final long NO_ROOM_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final CacheCore core;
    private final Map<Integer, LoadedLayer> resident = new HashMap<>();
    private final long[] layerBytes;
    private final Loader loader;
    private final Prefetcher prefetcher;
    private final TraceRecorder recorder;
    private PrefetchWorker worker;
    private boolean closed;

    ConcurrentLayerCache(CacheCore core, long[] layerBytes, Loader loader, Prefetcher prefetcher, TraceRecorder recorder) {
        this.core = core;
        this.layerBytes = layerBytes;
        this.loader = loader;
        this.prefetcher = prefetcher;
        this.recorder = recorder;
    }

    void startPrefetching(int threads) {
        if (threads > 0) {
            worker = new PrefetchWorker(threads, this::prefetch);
        }
    }

    /** Makes {@code layer} resident and leases it; blocks while it loads or while there is no room. */
    LoadedLayer acquire(int layer) {
        long t0 = System.nanoTime();
        long bytes = layerBytes[layer];
        int[] ahead = prefetcher.onAccess(layer, t0);
        boolean waited = false;
        boolean submitted = false;
        LoadedLayer result;
        lock.lock();
        try {
            requireOpen();
            if (recorder != null) {
                recorder.record(t0, layer, bytes);
            }
            core.access(layer, bytes);
            boolean leased = false;
            while (true) {
                CacheCore.Entry e = core.entry(layer);
                if (e == null) {
                    leased = false; // a load we waited for failed and took its leases with it
                } else if (!leased) {
                    core.lease(layer); // from now on nobody evicts it, loaded or not
                    leased = true;
                }
                if (e != null && !e.loading()) {
                    result = resident.get(layer);
                    break;
                }
                if (!submitted && e != null) {
                    submit(ahead);
                    submitted = true;
                }
                if (e != null) {
                    waited = true;
                    changed.awaitUninterruptibly();
                    continue;
                }
                List<Long> evicted = new ArrayList<>();
                if (core.reserve(layer, bytes, CacheCore.Kind.DEMAND, null, evicted::add)) {
                    core.lease(layer);
                    leased = true;
                    free(evicted);
                    if (!submitted) {
                        submit(ahead);
                        submitted = true;
                    }
                    waited = true;
                    loadReserved(layer, false);
                    continue;
                }
                waited = true;
                awaitRoom(layer, bytes, t0);
            }
            if (!submitted) {
                submit(ahead);
            }
            if (waited) {
                core.addStall(System.nanoTime() - t0);
            }
        } finally {
            lock.unlock();
        }
        prefetcher.onServed(layer, System.nanoTime());
        return result;
    }

    private void submit(int[] ahead) {
        if (worker != null && ahead.length > 0) {
            worker.submit(ahead);
        }
    }

    private void awaitRoom(int layer, long bytes, long since) {
        long left = NO_ROOM_TIMEOUT_NANOS - (System.nanoTime() - since);
        if (left <= 0) {
            throw new IllegalStateException("no room for layer " + layer + " (" + bytes + " bytes) within "
                    + TimeUnit.NANOSECONDS.toSeconds(NO_ROOM_TIMEOUT_NANOS) + " s: the budget of " + core.capacity()
                    + " bytes is taken by layers that stay leased (" + core.usedBytes() + " bytes reserved); "
                    + "close leases sooner or raise --budget");
        }
        try {
            changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for room for layer " + layer, e);
        }
    }

    /**
     * Loads a layer whose bytes are reserved: called and returning with the lock held, it releases the lock
     * for the I/O.
     */
    private void loadReserved(int layer, boolean prefetch) {
        long start = System.nanoTime();
        LoadedLayer loaded = null;
        RuntimeException failure = null;
        lock.unlock();
        try {
            loaded = loader.load(layer);
        } catch (IOException e) {
            failure = new UncheckedIOException("loading layer " + layer + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            lock.lock();
        }
        long nanos = System.nanoTime() - start;
        if (failure != null) {
            core.loadFailed(layer);
            changed.signalAll();
            throw failure;
        }
        resident.put(layer, loaded);
        core.loaded(layer, nanos);
        changed.signalAll();
        lock.unlock();
        try {
            prefetcher.onLoaded(layer, loaded.footprint(), nanos, prefetch);
        } finally {
            lock.lock();
        }
    }

    private void free(List<Long> evicted) {
        for (long k : evicted) {
            LoadedLayer l = resident.remove((int) k);
            if (l != null) {
                l.free();
            }
        }
    }

    void release(int layer) {
        lock.lock();
        try {
            core.release(layer);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Loads {@code layer} ahead if it is absent and room can be made under the prefetch rules. */
    boolean prefetch(int layer) {
        lock.lock();
        try {
            if (closed || core.entry(layer) != null) {
                return false;
            }
            List<Long> evicted = new ArrayList<>();
            if (!core.reserve(layer, layerBytes[layer], CacheCore.Kind.PREFETCH,
                    v -> prefetcher.allowEviction(layer, v), evicted::add)) {
                return false;
            }
            free(evicted);
            loadReserved(layer, true);
            return true;
        } finally {
            lock.unlock();
        }
    }

    CacheStats stats() {
        lock.lock();
        try {
            return core.stats();
        } finally {
            lock.unlock();
        }
    }

    void checkInvariants(boolean quiescent) {
        lock.lock();
        try {
            core.checkInvariants(quiescent);
            long sum = 0;
            for (LoadedLayer l : resident.values()) {
                sum += l.footprint();
            }
            if (sum > core.capacity()) {
                throw new IllegalStateException("resident layer memory " + sum + " exceeds the budget " + core.capacity());
            }
        } finally {
            lock.unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the weight provider is closed");
        }
    }

    /** Stops prefetching, checks the end-of-run invariants, frees every layer. */
    void close() {
        if (worker != null) {
            worker.close();
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                core.checkInvariants(true);
            } finally {
                for (LoadedLayer l : resident.values()) {
                    l.free();
                }
                resident.clear();
            }
        } finally {
            lock.unlock();
        }
    }
}
