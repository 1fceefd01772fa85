package dev.chord.cache.prefetch;

import dev.chord.api.cache.PrefetchContext;
import dev.chord.api.cache.PrefetchStrategy;
import dev.chord.api.cache.Prefetcher;

/** Loads nothing ahead: every miss is a stall. The baseline the other strategies are measured against. */
public final class NoPrefetch implements PrefetchStrategy {
    private static final int[] NOTHING = new int[0];

    @Override
    public String name() {
        return "none";
    }

    @Override
    public String description() {
        return "no prefetching: load on demand only";
    }

    @Override
    public Prefetcher create(PrefetchContext context) {
        if (!context.args().isBlank()) {
            throw new IllegalArgumentException("prefetch none takes no argument, got none:" + context.args());
        }
        return (layer, nanos) -> NOTHING;
    }
}
