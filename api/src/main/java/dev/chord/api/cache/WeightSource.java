package dev.chord.api.cache;

import java.io.IOException;
import java.util.List;

/** An open file from which groups of extents (one layer's tensors) are made resident. Thread-safe. */
public interface WeightSource extends AutoCloseable {

    /**
     * Bytes that {@link #load} of these extents keeps resident (their total, plus any gaps that coalesced
     * reads bring along). A cache budgets with this figure before loading.
     */
    long footprint(List<Extent> extents);

    /** Makes the extents resident; blocks until they are. */
    ResidentExtents load(List<Extent> extents) throws IOException;

    /** Reads issued and bytes read so far. */
    StorageCounters counters();

    /** The spec this source was opened with, e.g. {@code throttled:200,5,read}. */
    String spec();

    @Override
    void close();
}
