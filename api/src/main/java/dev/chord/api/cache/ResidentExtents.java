package dev.chord.api.cache;

import java.lang.foreign.MemorySegment;

/**
 * Loaded extents. Segments are valid until {@link #close()}, which releases their memory (a released
 * read buffer fails loudly on access rather than showing stale bytes).
 */
public interface ResidentExtents extends AutoCloseable {

    /** The bytes of the {@code i}-th extent of the load request. */
    MemorySegment segment(int i);

    /** Bytes held, as {@link WeightSource#footprint} predicted. */
    long footprint();

    @Override
    void close();
}
