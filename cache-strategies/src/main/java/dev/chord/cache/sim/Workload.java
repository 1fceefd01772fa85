package dev.chord.cache.sim;

import dev.chord.api.cache.LayerSchedule;
import dev.chord.cache.stream.ModelLayout;
import dev.chord.cache.storage.Coalescer;
import dev.chord.cache.trace.Trace;

import java.util.Optional;

/**
 * What the simulator replays: a request sequence, its layer order if it has one, how many tokens it
 * covers, and the bytes a budget percentage refers to.
 *
 * @param description  for reports ("model.gguf: 32 tokens x 22 layers")
 * @param trace        the requests
 * @param schedule     the layer order, when the workload declares one
 * @param tokens       tokens the trace covers (for per-token figures)
 * @param layerBytes   bytes of all distinct keys (what 100% means)
 * @param pinnedBytes  bytes of global tensors a live run pins on top (0 for a trace)
 * @param largestKey   bytes of the largest key (a budget must hold it)
 */
public record Workload(String description, Trace trace, Optional<LayerSchedule> schedule, int tokens, long layerBytes,
                       long pinnedBytes, long largestKey) {

    /** The decode order of a model: {@code tokens} passes over its layers, each layer its real size. */
    public static Workload decode(ModelLayout layout, int tokens) {
        int n = layout.layerCount();
        if (n == 0) {
            throw new IllegalArgumentException(layout.file() + " has no blk.N layers to stream");
        }
        if (tokens < 1) {
            throw new IllegalArgumentException("--tokens " + tokens + ": expected at least 1");
        }
        long[] bytes = new long[n];
        long total = 0;
        long largest = 0;
        for (int i = 0; i < n; i++) {
            bytes[i] = Coalescer.footprint(layout.extents(layout.layer(i)));
            total += bytes[i];
            largest = Math.max(largest, bytes[i]);
        }
        long pinned = layout.globals().isEmpty() ? 0 : Coalescer.footprint(layout.extents(layout.globals()));
        return new Workload(layout.file() + ": decode order, " + tokens + " tokens x " + n + " layers",
                Trace.decode(bytes, tokens), Optional.of(LayerSchedule.sequential(n)), tokens, total, pinned, largest);
    }

    /** A recorded or converted trace; its layer order is known if it repeats one. */
    public static Workload replay(String name, Trace trace) {
        if (trace.length() == 0) {
            throw new IllegalArgumentException(name + ": the trace has no requests");
        }
        long total = 0;
        long largest = 0;
        for (long b : trace.sizeByKey().values()) {
            total += b;
            largest = Math.max(largest, b);
        }
        Optional<LayerSchedule> order = trace.repeatedOrder();
        return new Workload(name + ": trace of " + trace.length() + " requests, " + trace.distinctKeys() + " keys"
                + (order.isPresent() ? ", a repeated order of " + order.get().length() : ", no repeated order"),
                trace, order, trace.tokens(), total, 0, largest);
    }

    /** Whether every key is a layer index a prefetcher can name. */
    public boolean keysAreLayers() {
        for (int i = 0; i < trace.length(); i++) {
            if (trace.key(i) < 0 || trace.key(i) > Integer.MAX_VALUE - 1) {
                return false;
            }
        }
        return true;
    }

    public int maxLayer() {
        long m = 0;
        for (int i = 0; i < trace.length(); i++) {
            m = Math.max(m, trace.key(i));
        }
        return (int) Math.min(Integer.MAX_VALUE - 1, m);
    }
}
