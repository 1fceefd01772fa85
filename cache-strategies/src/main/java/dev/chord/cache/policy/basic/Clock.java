package dev.chord.cache.policy.basic;

import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.policy.support.BasePolicy;
import dev.chord.cache.policy.support.SweepEvictor;

/**
 * CLOCK (second chance): entries sit on a circle with a reference bit that a hit sets; the hand sweeps,
 * clearing set bits, and evicts the first entry whose bit is clear. New entries go just behind the hand
 * with the bit clear.
 *
 * <p>Reference: F. J. Corbató, "A paging experiment with the Multics system", MIT Project MAC report
 * MAC-M-384, 1968.
 */
public final class Clock extends BasePolicy {
    public Clock() {
        super("basic.Clock", "second chance: a hand sweeps reference bits", "Corbató, MIT Project MAC 1968");
    }

    @Override
    public Evictor create(PolicyContext context) {
        return new SweepEvictor(SweepEvictor.Variant.CLOCK);
    }
}
