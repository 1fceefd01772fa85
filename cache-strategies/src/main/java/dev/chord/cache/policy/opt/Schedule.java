package dev.chord.cache.policy.opt;

import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.LayerSchedule;
import dev.chord.api.cache.PolicyCapability;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.policy.support.BasePolicy;

/**
 * Belady's rule with the future taken from the layer execution order, which a forward pass knows online:
 * evict the layer needed farthest ahead along the schedule (wrapping to the next token) from the layer
 * requested last, weighted by bytes like {@code opt.Belady}. On a workload that follows the schedule it makes
 * the same choices as {@code opt.Belady}, without reading a trace; on the cyclic decode order that is the
 * layer just used, so it behaves like MRU and hits (C-1)/(N-1) of requests in steady state.
 *
 * <p>Reference: L. A. Belady, "A study of replacement algorithms for a virtual-storage computer", IBM Systems
 * Journal 5(2), 1966 (MIN), applied to the known cyclic reference string.
 */
public final class Schedule extends BasePolicy {
    public Schedule() {
        super("opt.Schedule", "evict the layer needed farthest ahead in the layer order (online)", "Belady 1966, on the known layer order",
                PolicyCapability.NEEDS_SCHEDULE, PolicyCapability.BYTE_WEIGHTED);
    }

    @Override
    public Evictor create(PolicyContext context) {
        LayerSchedule schedule = context.schedule().orElseThrow(() -> new IllegalArgumentException(
                name() + " " + unmetNeed(context).orElse("needs the layer order")));
        return new FarthestEvictor() {
            @Override
            protected long distance(long key) {
                return schedule.distance(current, key);
            }
        };
    }
}
