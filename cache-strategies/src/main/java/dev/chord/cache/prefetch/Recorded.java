package dev.chord.cache.prefetch;

import dev.chord.api.cache.LayerSchedule;
import dev.chord.api.cache.PrefetchContext;
import dev.chord.api.cache.PrefetchStrategy;
import dev.chord.api.cache.Prefetcher;

import java.util.ArrayList;
import java.util.List;

/**
 * Learns the order instead of being told: records the layers requested until one repeats (the first pass),
 * then prefetches the next k layers of that recording ({@code recorded:K}, default 2). Needs no declared
 * schedule, so it also follows an engine whose order is not 0..N-1 (skipped or reordered layers).
 */
public final class Recorded implements PrefetchStrategy {

    @Override
    public String name() {
        return "recorded";
    }

    @Override
    public String description() {
        return "follow the layer order recorded on the first pass (recorded:K, default " + NextK.DEFAULT_K + ")";
    }

    @Override
    public Prefetcher create(PrefetchContext context) {
        int k = PrefetchArgs.lookahead(name(), context.args(), NextK.DEFAULT_K);
        return new State(k);
    }

    static final class State implements Prefetcher {
        private final int k;
        private final List<Integer> firstPass = new ArrayList<>();
        private LayerSchedule learned;

        State(int k) {
            this.k = k;
        }

        @Override
        public synchronized int[] onAccess(int layer, long nanos) {
            if (learned == null) {
                if (!firstPass.contains(layer)) {
                    firstPass.add(layer);
                    return new int[0];
                }
                learned = LayerSchedule.of(firstPass.stream().mapToInt(Integer::intValue).toArray());
            }
            return NextK.ahead(learned, layer, k);
        }
    }
}
