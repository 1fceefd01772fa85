package dev.chord.cache.policy.support;

import dev.chord.api.cache.Evictor;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * A list swept by a hand that clears reference bits ({@link HandSweep}); a hit sets the bit, entries never
 * move. CLOCK and SIEVE differ only in where a new entry goes and where the hand goes after an eviction.
 */
public final class SweepEvictor implements Evictor {

    /** The two placements. */
    public enum Variant {
        /** CLOCK: a new entry takes the evicted frame, just behind the hand; the hand moves on (wrapping). */
        CLOCK,
        /** SIEVE: a new entry goes to the head (newest end); the hand moves towards the head, null at it. */
        SIEVE
    }

    private final Variant variant;
    private final NodeList list;
    private final Map<Long, PolicyNode> nodes = new HashMap<>();
    private PolicyNode hand;

    public SweepEvictor(Variant variant) {
        this.variant = variant;
        this.list = new NodeList(variant.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void onAccess(long key, long bytes, boolean hit) {
        PolicyNode n = nodes.get(key);
        if (n != null) {
            n.referenced = true;
        }
    }

    @Override
    public void onInsert(long key, long bytes, boolean prefetch) {
        PolicyNode n = new PolicyNode(key, bytes);
        nodes.put(key, n);
        if (variant == Variant.CLOCK) {
            list.addBefore(hand, n);
        } else {
            list.addNewest(n);
        }
    }

    @Override
    public long victim(long incoming, LongPredicate evictable) {
        PolicyNode n = HandSweep.sweep(list, hand, evictable);
        if (n == null) {
            return NONE;
        }
        hand = n;
        return n.key;
    }

    @Override
    public void onEvict(long key) {
        PolicyNode n = nodes.remove(key);
        if (n == null) {
            return;
        }
        if (hand == n) {
            hand = variant == Variant.CLOCK
                    ? (list.size() > 1 ? HandSweep.nextWrapping(list, n) : null)
                    : list.newer(n); // SIEVE: null means the next sweep starts again at the tail
        }
        list.remove(n);
    }

    @Override
    public void checkInvariants(Set<Long> residentKeys) {
        list.check();
        Invariants.sameKeys(nodes.keySet(), residentKeys);
        Invariants.check(hand == null || list.contains(hand), "the hand points outside the " + list.name() + " list");
    }
}
