package dev.chord.cache.storage;

import dev.chord.api.cache.StorageCounters;

import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe load/read/byte counts of a storage source. */
final class IoCounters {
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    void load() {
        loads.incrementAndGet();
    }

    void read(long n) {
        reads.incrementAndGet();
        bytes.addAndGet(n);
    }

    StorageCounters snapshot() {
        return new StorageCounters(loads.get(), reads.get(), bytes.get(), 0);
    }
}
