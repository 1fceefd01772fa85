package dev.chord.cache.policy.opt;

import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.NextUse;
import dev.chord.api.cache.PolicyCapability;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.policy.support.BasePolicy;

/**
 * Belady's MIN, size-aware: evicts the entry whose next request is farthest in the future, weighing the
 * distance by the entry's bytes (Belady-Size) so that one large far entry goes before several small ones.
 * It reads the future from the trace, so it is an offline bound: {@code chord cache-sim} only. With equal
 * entry sizes it is Belady's optimal algorithm (no policy misses less); with unequal sizes optimal caching
 * is NP-hard and this is the usual strong heuristic.
 *
 * <p>References: L. A. Belady, "A study of replacement algorithms for a virtual-storage computer", IBM
 * Systems Journal 5(2), 1966; D. S. Berger, N. Beckmann, M. Harchol-Balter, "Practical Bounds on Optimal
 * Caching with Variable Object Sizes", SIGMETRICS 2018 (Belady-Size).
 */
public final class Belady extends BasePolicy {
    public Belady() {
        super("opt.Belady", "offline bound: evict the farthest next use x bytes", "Belady 1966; Berger et al., SIGMETRICS 2018",
                PolicyCapability.NEEDS_FUTURE, PolicyCapability.BYTE_WEIGHTED);
    }

    @Override
    public Evictor create(PolicyContext context) {
        NextUse future = context.future().orElseThrow(() -> new IllegalArgumentException(
                name() + " " + unmetNeed(context).orElse("needs the future")));
        return new FarthestEvictor() {
            @Override
            protected long distance(long key) {
                long next = future.after(key, now);
                return next == NextUse.NEVER ? Long.MAX_VALUE : next - now;
            }
        };
    }
}
