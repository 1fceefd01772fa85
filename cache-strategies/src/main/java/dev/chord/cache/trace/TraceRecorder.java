package dev.chord.cache.trace;

import java.util.Arrays;

/** Collects the requests of a live run (appends under the caller's lock, or synchronized here). */
public final class TraceRecorder {
    private final long start;
    private long[] times = new long[1024];
    private long[] keys = new long[1024];
    private long[] sizes = new long[1024];
    private int n;

    public TraceRecorder(long startNanos) {
        this.start = startNanos;
    }

    public synchronized void record(long nanos, long key, long bytes) {
        if (n == keys.length) {
            int cap = Math.min(TraceFormat.MAX_REQUESTS, n * 2);
            if (cap == n) {
                return; // a run of two billion requests stops recording rather than failing
            }
            times = Arrays.copyOf(times, cap);
            keys = Arrays.copyOf(keys, cap);
            sizes = Arrays.copyOf(sizes, cap);
        }
        times[n] = Math.max(0, nanos - start);
        keys[n] = key;
        sizes[n] = bytes;
        n++;
    }

    public synchronized Trace trace() {
        return new Trace(Arrays.copyOf(times, n), Arrays.copyOf(keys, n), Arrays.copyOf(sizes, n));
    }
}
