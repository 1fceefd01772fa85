package dev.chord.api.cache;

import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The state of one eviction policy in one cache. The cache calls it under its own lock (an evictor need not
 * be thread-safe) with the events below; the evictor only orders keys, the cache owns bytes and budget.
 *
 * <p>Event order for a demand request of key {@code k}: {@link #onAccess}{@code (k, hit)}; on a miss,
 * {@link #victim} and {@link #onEvict} until the bytes fit, then {@link #onInsert}, later {@link #onLoaded}.
 * A prefetch inserts without an access. {@link #victim} only nominates: the cache may decline the nominee (a
 * prefetch that would evict something needed sooner) and ask again later, so a nominee stays tracked until
 * {@link #onEvict}. Keys the {@code evictable} predicate rejects (leased, loading, chosen already) are skipped.
 */
public interface Evictor {

    /** Returned by {@link #victim} when no tracked key is evictable. */
    long NONE = Long.MIN_VALUE;

    /** A demand request for {@code key}; {@code hit} if it is resident (or being loaded). */
    void onAccess(long key, long bytes, boolean hit);

    /** {@code key} now occupies {@code bytes} of the cache; {@code prefetch} if no request asked for it yet. */
    void onInsert(long key, long bytes, boolean prefetch);

    /** {@code key} finished loading after {@code nanos} (measured reload cost). */
    default void onLoaded(long key, long nanos) {
    }

    /**
     * The key to evict next among tracked keys that {@code evictable} accepts, or {@link #NONE}.
     *
     * @param incoming the key that needs the room ({@link #NONE} if unknown)
     */
    long victim(long incoming, LongPredicate evictable);

    /** {@code key} left the cache (evicted, or its load failed). */
    void onEvict(long key);

    /**
     * Checks the policy's own structures against the keys the cache holds; throws
     * {@link IllegalStateException} naming the broken invariant. Called at the end of every run.
     */
    void checkInvariants(Set<Long> residentKeys);
}
