package dev.chord.cache.policy.modern;

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
        return new State();
    }

    private static final class State implements Evictor {
        // oldest() is SIEVE's tail, newest() its head.
        private final NodeList queue = new NodeList("sieve");
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
            queue.addNewest(n);
        }

        private PolicyNode towardsHead(PolicyNode n) {
            PolicyNode next = queue.newer(n);
            return next != null ? next : queue.oldest();
        }

        @Override
        public long victim(long incoming, LongPredicate evictable) {
            if (queue.isEmpty()) {
                return NONE;
            }
            PolicyNode o = hand != null ? hand : queue.oldest();
            for (int step = 0; step <= 2 * queue.size(); step++) {
                if (evictable.test(o.key)) {
                    if (!o.referenced) {
                        hand = o;
                        return o.key;
                    }
                    o.referenced = false;
                }
                o = towardsHead(o);
            }
            hand = o;
            return NONE;
        }

        @Override
        public void onEvict(long key) {
            PolicyNode n = nodes.remove(key);
            if (n == null) {
                return;
            }
            if (hand == n) {
                hand = queue.newer(n); // null: the next sweep starts again at the tail
            }
            queue.remove(n);
        }

        @Override
        public void checkInvariants(Set<Long> residentKeys) {
            queue.check();
            Invariants.sameKeys(nodes.keySet(), residentKeys);
            Invariants.check(hand == null || queue.contains(hand), "the SIEVE hand points outside the queue");
        }
    }
}
