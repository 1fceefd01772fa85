package dev.chord.cache.prefetch;

import dev.chord.api.cache.LayerSchedule;
import dev.chord.api.cache.PrefetchContext;
import dev.chord.api.cache.PrefetchStrategy;
import dev.chord.api.cache.Prefetcher;

/**
 * Next-k that never hurts: a prefetch may only evict a layer needed later (along the execution order) than
 * the layer it brings in; otherwise the prefetch is dropped and the resident layer kept. Prefetching then
 * never turns a future hit into a miss. ({@code harmless:K}, default 2.)
 *
 * <p>The rule is the classic condition for a prefetch that cannot increase misses: P. Cao, E. W. Felten,
 * A. R. Karlin, K. Li, "A Study of Integrated Prefetching and Caching Strategies", SIGMETRICS 1995 ("do no
 * harm").
 */
public final class Harmless implements PrefetchStrategy {

    @Override
    public String name() {
        return "harmless";
    }

    @Override
    public String description() {
        return "next-k, but only evicting layers needed later than the one prefetched (harmless:K, default "
                + NextK.DEFAULT_K + ")";
    }

    @Override
    public boolean needsSchedule() {
        return true;
    }

    @Override
    public Prefetcher create(PrefetchContext context) {
        int k = PrefetchArgs.lookahead(name(), context.args(), NextK.DEFAULT_K);
        LayerSchedule s = context.schedule().orElseThrow(() -> new IllegalArgumentException(
                "prefetch harmless " + unmetNeed(context).orElse("")));
        return new Prefetcher() {
            private volatile int current = -1;

            @Override
            public int[] onAccess(int layer, long nanos) {
                current = layer;
                return NextK.ahead(s, layer, k);
            }

            @Override
            public boolean allowEviction(int prefetched, long victim) {
                int c = current;
                return c < 0 || s.distance(c, victim) > s.distance(c, prefetched);
            }
        };
    }
}
