package dev.chord.cache.policy.basic;

import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.policy.support.BasePolicy;

/**
 * First in, first out: evicts the entry loaded longest ago, whatever its use.
 *
 * <p>Reference: L. A. Belady, "A study of replacement algorithms for a virtual-storage computer",
 * IBM Systems Journal 5(2), 1966 (FIFO as one of the studied algorithms).
 */
public final class Fifo extends BasePolicy {
    public Fifo() {
        super("basic.Fifo", "evict the entry loaded longest ago", "Belady, IBM Systems Journal 1966");
    }

    @Override
    public Evictor create(PolicyContext context) {
        return new QueueEvictor(false, false);
    }
}
