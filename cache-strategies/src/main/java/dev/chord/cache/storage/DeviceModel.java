package dev.chord.cache.storage;

/**
 * A slow device: one request at a time, each taking {@code latency + bytes / bandwidth}. Requests queue
 * behind each other, so concurrent loads share the bandwidth. Used by the {@code throttled} storage (with
 * real sleeps) and by the simulator (on its clock), so both charge the same cost.
 *
 * @param bytesPerSecond bandwidth; MB/s in specs means 10^6 bytes per second
 * @param latencyNanos   fixed cost per request
 */
public record DeviceModel(double bytesPerSecond, long latencyNanos) {

    public DeviceModel {
        if (!(bytesPerSecond > 0) || latencyNanos < 0) {
            throw new IllegalArgumentException("device needs a positive bandwidth and a latency >= 0, got "
                    + bytesPerSecond + " B/s, " + latencyNanos + " ns");
        }
    }

    public static DeviceModel ofMBps(double mbPerSecond, double latencyMillis) {
        return new DeviceModel(mbPerSecond * 1e6, Math.round(latencyMillis * 1e6));
    }

    /** Time one request of {@code bytes} occupies the device. */
    public long serviceNanos(long bytes, int requests) {
        return requests * latencyNanos + Math.round(bytes / bytesPerSecond * 1e9);
    }

    public double mbPerSecond() {
        return bytesPerSecond / 1e6;
    }

    public double latencyMillis() {
        return latencyNanos / 1e6;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.0f MB/s, %.2f ms per request", mbPerSecond(), latencyMillis());
    }

    /** The queue of one device: when it is next free. Thread-safe. */
    public static final class Queue {
        private final DeviceModel model;
        private long freeAt = Long.MIN_VALUE;

        public Queue(DeviceModel model) {
            this.model = model;
        }

        public DeviceModel model() {
            return model;
        }

        /** Enqueues a request at {@code now}; returns when it completes. */
        public synchronized long submit(long now, long bytes, int requests) {
            long start = Math.max(now, freeAt);
            freeAt = start + model.serviceNanos(bytes, requests);
            return freeAt;
        }

        /** When the device finishes what it has queued. */
        public synchronized long freeAt() {
            return freeAt;
        }
    }
}
