package dev.chord.api.cache;

/**
 * The state of one prefetch strategy in one run. Called from the consumer thread and, for
 * {@link #onLoaded}, from loader threads: implementations synchronize what they share. Times are on the
 * run's clock (real nanoseconds, or the simulator's clock).
 */
public interface Prefetcher {

    /**
     * The consumer requested {@code layer} at {@code nanos}. Returns the layers to load ahead, most urgent
     * first (possibly empty); the cache skips those already resident or loading.
     */
    int[] onAccess(int layer, long nanos);

    /** The consumer got {@code layer} (after waiting for it, or at once) at {@code nanos}. */
    default void onServed(int layer, long nanos) {
    }

    /** A load of {@code layer} ({@code bytes}) took {@code nanos}. */
    default void onLoaded(int layer, long bytes, long nanos, boolean prefetch) {
    }

    /** Whether loading {@code prefetched} may evict {@code victim}; a veto keeps the victim and drops the prefetch. */
    default boolean allowEviction(int prefetched, long victim) {
        return true;
    }
}
