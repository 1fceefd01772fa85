package dev.chord.cache.policy.modern;

import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.policy.support.BasePolicy;
import dev.chord.cache.policy.support.SweepEvictor;

/**
 * SIEVE: one FIFO queue, new entries at the head, a visited bit set by hits (entries never move). A hand
 * walks from the tail towards the head, clearing visited bits and evicting the first unvisited entry; it
 * stays where it stopped and wraps to the tail at the head.
 *
 * <p>Reference: Y. Zhang, J. Yang, Y. Yue, Y. Vigfusson, K. V. Rashmi, "SIEVE is Simpler than LRU: an
 * Efficient Turn-Key Eviction Algorithm for Web Caches", NSDI 2024 (Algorithm 1).
 */
public final class Sieve extends BasePolicy {
    public Sieve() {
        super("modern.Sieve", "FIFO queue with a visited bit and a persistent hand", "Zhang et al., NSDI 2024");
    }

    @Override
    public Evictor create(PolicyContext context) {
        return new SweepEvictor(SweepEvictor.Variant.SIEVE);
    }
}
