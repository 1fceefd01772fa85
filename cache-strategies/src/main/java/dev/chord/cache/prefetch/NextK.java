package dev.chord.cache.prefetch;

import dev.chord.api.cache.LayerSchedule;
import dev.chord.api.cache.PrefetchContext;
import dev.chord.api.cache.PrefetchStrategy;
import dev.chord.api.cache.Prefetcher;

/**
 * On a request for layer L, loads the next k layers along the execution order, wrapping to the next token
 * ({@code next-k:K}, default 2).
 */
public final class NextK implements PrefetchStrategy {
    static final int DEFAULT_K = 2;

    @Override
    public String name() {
        return "next-k";
    }

    @Override
    public String description() {
        return "load the next k layers of the execution order (next-k:K, default " + DEFAULT_K + ")";
    }

    @Override
    public boolean needsSchedule() {
        return true;
    }

    @Override
    public Prefetcher create(PrefetchContext context) {
        int k = PrefetchArgs.lookahead(name(), context.args(), DEFAULT_K);
        LayerSchedule s = context.schedule().orElseThrow(() -> new IllegalArgumentException(
                "prefetch next-k " + unmetNeed(context).orElse("")));
        return (layer, nanos) -> ahead(s, layer, k);
    }

    /** The {@code k} layers after {@code layer} in {@code s}, at most one pass. */
    static int[] ahead(LayerSchedule s, int layer, int k) {
        if (!s.contains(layer)) {
            return new int[0];
        }
        int n = Math.min(k, s.length() - 1);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = s.after(layer, i + 1);
        }
        return out;
    }
}
