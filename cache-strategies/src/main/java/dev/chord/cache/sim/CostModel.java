package dev.chord.cache.sim;

import dev.chord.cache.storage.DeviceModel;

import java.util.Locale;

/**
 * The simulator's clock: a load costs what the {@link DeviceModel} says (one request per layer, queued on
 * one device, as the {@code throttled} storage charges it); computing a layer takes a fixed time, or its
 * bytes at a compute rate (a decode step reads every weight once, so a layer's compute time is close to its
 * bytes over memory bandwidth).
 *
 * @param device              storage bandwidth and latency
 * @param computeBytesPerSec  compute rate used when {@code fixedComputeNanos} is negative
 * @param fixedComputeNanos   compute time per layer, or -1 to derive it from bytes
 */
public record CostModel(DeviceModel device, double computeBytesPerSec, long fixedComputeNanos) {

    /** Storage when the spec does not throttle: an NVMe SSD, 2000 MB/s and 0.1 ms per request. */
    public static final DeviceModel DEFAULT_DEVICE = DeviceModel.ofMBps(2000, 0.1);
    /** Compute rate when none is given: 10 GB/s, a laptop-class memory bandwidth. */
    public static final double DEFAULT_COMPUTE_GBPS = 10;

    public CostModel {
        if (fixedComputeNanos < 0 && !(computeBytesPerSec > 0)) {
            throw new IllegalArgumentException("compute rate must be positive, got " + computeBytesPerSec + " B/s");
        }
    }

    public static CostModel of(DeviceModel device, Double computeMillis, double computeGBps) {
        return computeMillis == null ? new CostModel(device, computeGBps * 1e9, -1)
                : new CostModel(device, computeGBps * 1e9, Math.round(computeMillis * 1e6));
    }

    public long loadNanos(long bytes) {
        return device.serviceNanos(bytes, 1);
    }

    public long computeNanos(long bytes) {
        return fixedComputeNanos >= 0 ? fixedComputeNanos : Math.round(bytes / computeBytesPerSec * 1e9);
    }

    @Override
    public String toString() {
        String compute = fixedComputeNanos >= 0
                ? String.format(Locale.ROOT, "%.3f ms per layer", fixedComputeNanos / 1e6)
                : String.format(Locale.ROOT, "layer bytes at %.1f GB/s", computeBytesPerSec / 1e9);
        return "load: " + device + "; compute: " + compute;
    }
}
