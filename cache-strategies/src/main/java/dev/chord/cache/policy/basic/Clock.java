package dev.chord.cache.policy.basic;

import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.policy.support.BasePolicy;
import dev.chord.cache.policy.support.Invariants;
import dev.chord.cache.policy.support.NodeList;
import dev.chord.cache.policy.support.PolicyNode;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

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
        return new State();
    }

    private static final class State implements Evictor {
        private final NodeList circle = new NodeList("clock");
        private final Map<Long, PolicyNode> nodes = new HashMap<>();
        private PolicyNode hand;

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
            circle.addBefore(hand, n);
        }

        private PolicyNode advance(PolicyNode n) {
            PolicyNode next = circle.newer(n);
            return next != null ? next : circle.oldest();
        }

        @Override
        public long victim(long incoming, LongPredicate evictable) {
            if (circle.isEmpty()) {
                return NONE;
            }
            PolicyNode n = hand != null ? hand : circle.oldest();
            // Two full turns: the first may only clear bits, the second then finds a clear one.
            for (int step = 0; step <= 2 * circle.size(); step++) {
                if (evictable.test(n.key)) {
                    if (!n.referenced) {
                        hand = n;
                        return n.key;
                    }
                    n.referenced = false;
                }
                n = advance(n);
            }
            hand = n;
            return NONE;
        }

        @Override
        public void onEvict(long key) {
            PolicyNode n = nodes.remove(key);
            if (n == null) {
                return;
            }
            if (hand == n) {
                hand = circle.size() > 1 ? advance(n) : null;
            }
            circle.remove(n);
        }

        @Override
        public void checkInvariants(Set<Long> residentKeys) {
            circle.check();
            Invariants.sameKeys(nodes.keySet(), residentKeys);
            Invariants.check(hand == null || circle.contains(hand), "the clock hand points outside the circle");
        }
    }
}
