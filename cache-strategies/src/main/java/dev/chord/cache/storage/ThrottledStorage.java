package dev.chord.cache.storage;

import dev.chord.api.cache.Extent;
import dev.chord.api.cache.ResidentExtents;
import dev.chord.api.cache.StorageCounters;
import dev.chord.api.cache.WeightSource;
import dev.chord.api.cache.WeightStorage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Wraps another storage and makes it as slow as a given device: {@code throttled:MBps,ms[,INNER]} (INNER
 * defaults to {@code read}). Every read request queues on one emulated device ({@link DeviceModel}: requests
 * one after another, each {@code ms + bytes / MBps}); a load returns no earlier than its requests would
 * complete there. Emulates a slow disk, network storage or a sandbox boundary on a fast machine, so
 * prefetching can be measured with real threads and real bytes.
 */
public final class ThrottledStorage implements WeightStorage {

    @Override
    public String name() {
        return "throttled";
    }

    @Override
    public String description() {
        return "another storage limited in bandwidth with added latency (throttled:MBps,ms[,inner])";
    }

    /** Parsed arguments: bandwidth, latency, inner spec. */
    public record Args(DeviceModel device, StorageSpec inner) {
        private static final String EXPECTED = "expected throttled:MBps,ms[,inner] with MBps > 0 and ms >= 0, "
                + "as in throttled:200,5 or throttled:200,5,mmap";

        public static Args parse(String args) {
            String[] parts = args.split(",", 3);
            if (parts.length < 2) {
                throw new IllegalArgumentException("--storage throttled:" + args + ": " + EXPECTED);
            }
            double mbps;
            double ms;
            try {
                mbps = Double.parseDouble(parts[0].trim());
                ms = Double.parseDouble(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--storage throttled:" + args + ": " + EXPECTED);
            }
            if (!(mbps > 0) || !(ms >= 0) || Double.isInfinite(mbps) || Double.isInfinite(ms)) {
                throw new IllegalArgumentException("--storage throttled:" + args + ": " + EXPECTED);
            }
            StorageSpec inner = parts.length == 3 ? StorageSpec.parse(parts[2]) : new StorageSpec("read", "");
            return new Args(DeviceModel.ofMBps(mbps, ms), inner);
        }
    }

    @Override
    public WeightSource open(Path file, String args) throws IOException {
        Args a = Args.parse(args);
        WeightSource inner = a.inner().open(file);
        return new Source(inner, new DeviceModel.Queue(a.device()), "throttled:" + args);
    }

    private static final class Source implements WeightSource {
        private final WeightSource inner;
        private final DeviceModel.Queue device;
        private final String spec;
        private final AtomicLong throttleNanos = new AtomicLong();

        Source(WeightSource inner, DeviceModel.Queue device, String spec) {
            this.inner = inner;
            this.device = device;
            this.spec = spec;
        }

        @Override
        public long footprint(List<Extent> extents) {
            return inner.footprint(extents);
        }

        @Override
        public ResidentExtents load(List<Extent> extents) throws IOException {
            long start = System.nanoTime();
            long done = device.submit(start, inner.footprint(extents), Coalescer.runs(extents).size());
            ResidentExtents r = inner.load(extents);
            long afterRead = System.nanoTime();
            long now;
            while ((now = System.nanoTime()) < done) {
                LockSupport.parkNanos(done - now);
                if (Thread.interrupted()) {
                    r.close();
                    throw new InterruptedIOException("throttled load interrupted");
                }
            }
            throttleNanos.addAndGet(Math.max(0, done - afterRead));
            return r;
        }

        @Override
        public StorageCounters counters() {
            StorageCounters c = inner.counters();
            return new StorageCounters(c.loads(), c.reads(), c.bytesRead(), throttleNanos.get());
        }

        @Override
        public String spec() {
            return spec;
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
