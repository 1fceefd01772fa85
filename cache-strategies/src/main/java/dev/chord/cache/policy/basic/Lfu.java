package dev.chord.cache.policy.basic;

import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.policy.support.BasePolicy;
import dev.chord.cache.policy.support.PolicyNode;
import dev.chord.cache.policy.support.PriorityNodes;

import java.util.Comparator;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Least frequently used (in-cache counts): evicts the resident entry with the fewest requests since it was
 * loaded, the least recently used among equals.
 *
 * <p>Reference: A. V. Aho, P. J. Denning, J. D. Ullman, "Principles of optimal page replacement", JACM 18(1),
 * 1971 (frequency-based replacement, optimal under the independent reference model).
 */
public final class Lfu extends BasePolicy {
    public Lfu() {
        super("basic.Lfu", "evict the least frequently used entry (LRU among equals)",
                "Aho, Denning and Ullman, JACM 1971");
    }

    @Override
    public Evictor create(PolicyContext context) {
        return new State();
    }

    private static final class State implements Evictor {
        private final PriorityNodes nodes = new PriorityNodes(
                Comparator.<PolicyNode>comparingInt(n -> n.freq).thenComparingLong(n -> n.tick));
        private long tick;

        @Override
        public void onAccess(long key, long bytes, boolean hit) {
            PolicyNode n = nodes.get(key);
            if (n != null) {
                nodes.update(n, x -> {
                    x.freq++;
                    x.tick = ++tick;
                });
            }
        }

        @Override
        public void onInsert(long key, long bytes, boolean prefetch) {
            PolicyNode n = new PolicyNode(key, bytes);
            n.freq = prefetch ? 0 : 1;
            n.tick = ++tick;
            nodes.add(n);
        }

        @Override
        public long victim(long incoming, LongPredicate evictable) {
            PolicyNode n = nodes.lowestMatching(evictable);
            return n == null ? NONE : n.key;
        }

        @Override
        public void onEvict(long key) {
            nodes.remove(key);
        }

        @Override
        public void checkInvariants(Set<Long> residentKeys) {
            nodes.check(residentKeys);
        }
    }
}
