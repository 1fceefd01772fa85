package dev.chord.cache.policy.basic;

import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.policy.support.BasePolicy;

/**
 * Least recently used: evicts the entry whose last request is oldest. On the cyclic decode order with fewer
 * slots than layers it never hits: every layer is evicted just before it comes round again.
 *
 * <p>Reference: R. L. Mattson, J. Gecsei, D. R. Slutz, I. L. Traiger, "Evaluation techniques for storage
 * hierarchies", IBM Systems Journal 9(2), 1970 (LRU as a stack algorithm).
 */
public final class Lru extends BasePolicy {
    public Lru() {
        super("basic.Lru", "evict the least recently used entry", "Mattson et al., IBM Systems Journal 1970");
    }

    @Override
    public Evictor create(PolicyContext context) {
        return new QueueEvictor(true, false);
    }
}
