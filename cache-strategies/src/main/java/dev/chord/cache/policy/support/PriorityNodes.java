package dev.chord.cache.policy.support;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/** Tracked nodes in priority order (lowest first), for policies that evict the lowest priority (LFU, GDSF). */
public final class PriorityNodes {
    private final TreeSet<PolicyNode> order;
    private final Map<Long, PolicyNode> nodes = new HashMap<>();

    public PriorityNodes(Comparator<PolicyNode> comparator) {
        order = new TreeSet<>(comparator.thenComparingLong(n -> n.key));
    }

    public PolicyNode get(long key) {
        return nodes.get(key);
    }

    public void add(PolicyNode n) {
        nodes.put(n.key, n);
        order.add(n);
    }

    /** Applies {@code change} to a node's ordering fields, keeping the order consistent. */
    public void update(PolicyNode n, Consumer<PolicyNode> change) {
        order.remove(n);
        change.accept(n);
        order.add(n);
    }

    public PolicyNode remove(long key) {
        PolicyNode n = nodes.remove(key);
        if (n != null) {
            order.remove(n);
        }
        return n;
    }

    /** The lowest-priority node {@code evictable} accepts, or null. */
    public PolicyNode lowestMatching(LongPredicate evictable) {
        for (PolicyNode n : order) {
            if (evictable.test(n.key)) {
                return n;
            }
        }
        return null;
    }

    public Iterable<PolicyNode> nodes() {
        return nodes.values();
    }

    public void check(Set<Long> resident) {
        Invariants.sameKeys(nodes.keySet(), resident);
        Invariants.check(order.size() == nodes.size(), "priority order holds " + order.size() + " of " + nodes.size());
    }
}
