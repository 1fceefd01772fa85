package dev.chord.cache.policy.basic;

import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.policy.support.BasePolicy;

/**
 * Most recently used: evicts the entry requested last. Optimal for a loop larger than the cache, which is
 * exactly the decode order: the layer just used is the one needed farthest in the future.
 *
 * <p>Reference: H.-T. Chou, D. J. DeWitt, "An evaluation of buffer management strategies for relational
 * database systems", VLDB 1985 (MRU for looping sequential references).
 */
public final class Mru extends BasePolicy {
    public Mru() {
        super("basic.Mru", "evict the most recently used entry", "Chou and DeWitt, VLDB 1985");
    }

    @Override
    public Evictor create(PolicyContext context) {
        return new QueueEvictor(true, true);
    }
}
