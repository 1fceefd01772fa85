package dev.chord.api.cache;

/**
 * When a key will be requested next, in virtual time (the index of a demand request in the access
 * sequence, counted from 0).
 */
@FunctionalInterface
public interface NextUse {

    /** Returned for a key that is never requested again. */
    long NEVER = Long.MAX_VALUE;

    /** The index of the first request for {@code key} after request {@code now}, or {@link #NEVER}. */
    long after(long key, long now);
}
