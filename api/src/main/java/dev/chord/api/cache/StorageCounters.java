package dev.chord.api.cache;

/**
 * I/O done by a {@link WeightSource}.
 *
 * @param loads      load calls
 * @param reads      read requests issued (coalesced runs of adjacent extents)
 * @param bytesRead  bytes read, gaps included
 * @param stallNanos time a throttle added on top of the inner storage's own time (0 if unthrottled)
 */
public record StorageCounters(long loads, long reads, long bytesRead, long stallNanos) {
}
