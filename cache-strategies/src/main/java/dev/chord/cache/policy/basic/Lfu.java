package dev.chord.cache.policy.basic;

import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.policy.support.BasePolicy;
import dev.chord.cache.policy.support.Invariants;
import dev.chord.cache.policy.support.PolicyNode;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
        private static final Comparator<PolicyNode> ORDER = Comparator.<PolicyNode>comparingInt(n -> n.freq)
                .thenComparingLong(n -> n.tick).thenComparingLong(n -> n.key);
        private final TreeSet<PolicyNode> order = new TreeSet<>(ORDER);
        private final Map<Long, PolicyNode> nodes = new HashMap<>();
        private long tick;

        @Override
        public void onAccess(long key, long bytes, boolean hit) {
            PolicyNode n = nodes.get(key);
            if (n != null) {
                order.remove(n);
                n.freq++;
                n.tick = ++tick;
                order.add(n);
            }
        }

        @Override
        public void onInsert(long key, long bytes, boolean prefetch) {
            PolicyNode n = new PolicyNode(key, bytes);
            n.freq = prefetch ? 0 : 1;
            n.tick = ++tick;
            nodes.put(key, n);
            order.add(n);
        }

        @Override
        public long victim(long incoming, LongPredicate evictable) {
            for (PolicyNode n : order) {
                if (evictable.test(n.key)) {
                    return n.key;
                }
            }
            return NONE;
        }

        @Override
        public void onEvict(long key) {
            PolicyNode n = nodes.remove(key);
            if (n != null) {
                order.remove(n);
            }
        }

        @Override
        public void checkInvariants(Set<Long> residentKeys) {
            Invariants.sameKeys(nodes.keySet(), residentKeys);
            Invariants.check(order.size() == nodes.size(), "frequency order holds " + order.size() + " of " + nodes.size());
        }
    }
}
