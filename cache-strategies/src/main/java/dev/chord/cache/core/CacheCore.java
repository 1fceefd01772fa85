package dev.chord.cache.core;

import dev.chord.api.cache.Evictor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;

/**
 * The bookkeeping of a byte-budgeted cache: which keys hold how many bytes, which are loading, leased,
 * pinned or prefetched-but-unused, and the counters of a run. It drives an {@link Evictor} and enforces the
 * rules every policy runs under:
 * <ul>
 *   <li>bytes are reserved before a load starts, so resident plus loading plus pinned bytes never exceed
 *       the capacity;</li>
 *   <li>only resident, unleased, unpinned entries can be evicted (never one in use or still loading);</li>
 *   <li>a prefetch never evicts another prefetched entry that nobody has used yet, and a prefetcher may veto
 *       a victim, in which case nothing is evicted at all.</li>
 * </ul>
 * Not thread-safe: the concurrent cache calls it under its lock, the simulator from one thread. Both use
 * this class, so the simulator measures exactly the rules a real run follows.
 */
public final class CacheCore {

    /** Why a load is made. */
    public enum Kind { DEMAND, PREFETCH }

    /** What a demand request found. */
    public enum Lookup { HIT, LOADING, MISS }

    /** A key's place in the cache. */
    public static final class Entry {
        final long key;
        final long bytes;
        final boolean pinned;
        boolean loading;
        int leases;
        boolean unusedPrefetch;

        Entry(long key, long bytes, boolean pinned, boolean loading, boolean unusedPrefetch) {
            this.key = key;
            this.bytes = bytes;
            this.pinned = pinned;
            this.loading = loading;
            this.unusedPrefetch = unusedPrefetch;
        }

        public long bytes() {
            return bytes;
        }

        public boolean loading() {
            return loading;
        }

        public int leases() {
            return leases;
        }
    }

    private final long capacity;
    private final Evictor evictor;
    private final String policyName;
    private final Map<Long, Entry> entries = new HashMap<>();
    private long used;
    private long pinnedBytes;
    private long loadingBytes;

    private long requests;
    private long hits;
    private long lateHits;
    private long bytesRequested;
    private long bytesHit;
    private long demandLoads;
    private long bytesLoaded;
    private long prefetchIssued;
    private long prefetchUsed;
    private long prefetchWasted;
    private long prefetchWastedBytes;
    private long prefetchVetoed;
    private long evictions;
    private long peak;
    private long stallNanos;
    private long loadNanos;

    public CacheCore(long capacityBytes, Evictor evictor, String policyName) {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("cache capacity must be positive, got " + capacityBytes);
        }
        this.capacity = capacityBytes;
        this.evictor = evictor;
        this.policyName = policyName;
    }

    public long capacity() {
        return capacity;
    }

    public long usedBytes() {
        return used;
    }

    public long loadingBytes() {
        return loadingBytes;
    }

    /** Keeps {@code bytes} resident for good under {@code key} (never evicted, never shown to the policy). */
    public void pin(long key, long bytes) {
        if (entries.containsKey(key)) {
            throw new IllegalStateException("key " + key + " is already in the cache");
        }
        if (used + bytes > capacity) {
            throw new IllegalStateException("pinning " + bytes + " bytes exceeds the budget of " + capacity
                    + " bytes (" + used + " already reserved)");
        }
        entries.put(key, new Entry(key, bytes, true, false, false));
        used += bytes;
        pinnedBytes += bytes;
        peak = Math.max(peak, used);
    }

    public Entry entry(long key) {
        return entries.get(key);
    }

    /** Records a demand request for {@code key} and tells the policy. */
    public Lookup access(long key, long bytes) {
        Entry e = entries.get(key);
        requests++;
        bytesRequested += bytes;
        Lookup result = e == null ? Lookup.MISS : e.loading ? Lookup.LOADING : Lookup.HIT;
        if (e != null) {
            hits++;
            bytesHit += bytes;
            if (e.loading) {
                lateHits++;
            }
            if (e.unusedPrefetch) {
                e.unusedPrefetch = false;
                prefetchUsed++;
            }
        }
        if (e == null || !e.pinned) {
            evictor.onAccess(key, bytes, e != null);
        }
        return result;
    }

    /**
     * Reserves {@code bytes} for loading {@code key}, evicting what the policy nominates until they fit.
     * Nothing changes if room cannot be made now (every remaining entry is in use or loading) or if
     * {@code veto} rejects a nominee.
     *
     * @param veto    may reject a victim (prefetches only); null accepts every victim
     * @param evicted receives each evicted key, so the caller can free its memory before loading
     * @return whether the bytes are reserved and the key is now loading
     */
    public boolean reserve(long key, long bytes, Kind kind, LongPredicate veto, LongConsumer evicted) {
        if (entries.containsKey(key)) {
            throw new IllegalStateException("key " + key + " is already in the cache");
        }
        if (bytes > capacity - pinnedBytes) {
            throw new IllegalStateException("entry " + key + " of " + bytes + " bytes can never fit: the budget is "
                    + capacity + " bytes, " + pinnedBytes + " of them pinned");
        }
        long need = used + bytes - capacity;
        if (need > 0) {
            Set<Long> chosen = new HashSet<>();
            List<Entry> victims = new ArrayList<>();
            LongPredicate evictable = k -> {
                Entry e = entries.get(k);
                return e != null && !e.pinned && !e.loading && e.leases == 0 && !chosen.contains(k)
                        && !(kind == Kind.PREFETCH && e.unusedPrefetch);
            };
            long freed = 0;
            while (freed < need) {
                long v = evictor.victim(key, evictable);
                if (v == Evictor.NONE) {
                    return false;
                }
                if (!evictable.test(v)) {
                    throw new IllegalStateException("policy " + policyName + " nominated key " + v
                            + ", which is not evictable (" + describe(v) + ")");
                }
                if (veto != null && !veto.test(v)) {
                    prefetchVetoed++;
                    return false;
                }
                chosen.add(v);
                Entry e = entries.get(v);
                victims.add(e);
                freed += e.bytes;
            }
            for (Entry e : victims) {
                remove(e);
                evictions++;
                if (e.unusedPrefetch) {
                    prefetchWasted++;
                    prefetchWastedBytes += e.bytes;
                }
                evicted.accept(e.key);
            }
        }
        Entry e = new Entry(key, bytes, false, true, kind == Kind.PREFETCH);
        entries.put(key, e);
        used += bytes;
        loadingBytes += bytes;
        peak = Math.max(peak, used);
        bytesLoaded += bytes;
        if (kind == Kind.PREFETCH) {
            prefetchIssued++;
        } else {
            demandLoads++;
        }
        evictor.onInsert(key, bytes, kind == Kind.PREFETCH);
        return true;
    }

    private String describe(long k) {
        Entry e = entries.get(k);
        if (e == null) {
            return "not in the cache";
        }
        return e.pinned ? "pinned" : e.loading ? "loading" : e.leases > 0 ? "leased" : "resident";
    }

    private void remove(Entry e) {
        entries.remove(e.key);
        used -= e.bytes;
        if (e.loading) {
            loadingBytes -= e.bytes;
        }
        evictor.onEvict(e.key);
    }

    /** The load of {@code key} finished after {@code nanos}. */
    public void loaded(long key, long nanos) {
        Entry e = requireEntry(key);
        if (!e.loading) {
            throw new IllegalStateException("key " + key + " finished loading but was not loading");
        }
        e.loading = false;
        loadingBytes -= e.bytes;
        loadNanos += nanos;
        evictor.onLoaded(key, nanos);
    }

    /** The load of {@code key} failed: its reservation is returned, and with it any leases of waiters. */
    public void loadFailed(long key) {
        Entry e = requireEntry(key);
        remove(e);
    }

    /**
     * Pins {@code key} for a consumer. A consumer leases as soon as it has found or reserved the entry, even
     * while it is loading, so nobody can evict it between the end of its load and the consumer's turn.
     */
    public void lease(long key) {
        requireEntry(key).leases++;
    }

    public void release(long key) {
        Entry e = requireEntry(key);
        if (e.leases <= 0) {
            throw new IllegalStateException("key " + key + " released more often than leased");
        }
        e.leases--;
    }

    public void addStall(long nanos) {
        stallNanos += nanos;
    }

    private Entry requireEntry(long key) {
        Entry e = entries.get(key);
        if (e == null) {
            throw new IllegalStateException("key " + key + " is not in the cache");
        }
        return e;
    }

    /** Keys of the entries the policy manages (resident or loading, not pinned). */
    public Set<Long> policyKeys() {
        Set<Long> s = new HashSet<>();
        for (Entry e : entries.values()) {
            if (!e.pinned) {
                s.add(e.key);
            }
        }
        return s;
    }

    /**
     * Checks the cache's and the policy's invariants; throws {@link IllegalStateException} naming the first
     * one broken.
     *
     * @param quiescent whether the run is over: then nothing may be leased or loading
     */
    public void checkInvariants(boolean quiescent) {
        long sum = 0;
        long pinned = 0;
        long loading = 0;
        for (Entry e : entries.values()) {
            sum += e.bytes;
            if (e.pinned) {
                pinned += e.bytes;
            }
            if (e.loading) {
                loading += e.bytes;
            }
            if (quiescent && (e.loading || e.leases != 0)) {
                throw new IllegalStateException("at the end of the run key " + e.key + " is still "
                        + (e.loading ? "loading" : "leased " + e.leases + " times"));
            }
        }
        if (sum != used || pinned != pinnedBytes || loading != loadingBytes) {
            throw new IllegalStateException("byte accounting is off: entries hold " + sum + " (pinned " + pinned
                    + ", loading " + loading + "), counters say " + used + " (" + pinnedBytes + ", " + loadingBytes + ")");
        }
        if (used > capacity || peak > capacity) {
            throw new IllegalStateException("budget exceeded: " + Math.max(used, peak) + " bytes reserved, capacity " + capacity);
        }
        if (hits > requests || prefetchUsed + prefetchWasted > prefetchIssued) {
            throw new IllegalStateException("counters are inconsistent: " + stats());
        }
        try {
            evictor.checkInvariants(policyKeys());
        } catch (IllegalStateException ex) {
            throw new IllegalStateException("policy " + policyName + ": " + ex.getMessage(), ex);
        }
    }

    public CacheStats stats() {
        return new CacheStats(capacity, pinnedBytes, requests, hits, lateHits, bytesRequested, bytesHit, demandLoads,
                bytesLoaded, prefetchIssued, prefetchUsed, prefetchWasted, prefetchWastedBytes, prefetchVetoed, evictions,
                peak, stallNanos, loadNanos);
    }
}
