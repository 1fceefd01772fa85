package dev.chord.cache.policy.cost;

import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.PolicyCapability;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.policy.support.BasePolicy;
import dev.chord.cache.policy.support.Invariants;
import dev.chord.cache.policy.support.PolicyNode;
import dev.chord.cache.policy.support.PriorityNodes;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Greedy-Dual-Size-Frequency: each entry has priority {@code H = L + frequency * cost / size}; evict the
 * lowest H and raise the inflation value L to it, so entries that stay idle age relative to new ones. The
 * cost is the measured reload time of the entry (its last load, in nanoseconds); before any load of a key
 * has been measured, the mean measured time per byte times its size (1 ns per byte before any measurement).
 *
 * <p>Reference: L. Cherkasova, "Improving WWW Proxies Performance with Greedy-Dual-Size-Frequency Caching
 * Policy", HP Laboratories report HPL-98-69, 1998; Greedy-Dual-Size from P. Cao, S. Irani, "Cost-Aware WWW
 * Proxy Caching Algorithms", USITS 1997.
 */
public final class Gdsf extends BasePolicy {
    public Gdsf() {
        super("cost.Gdsf", "priority = L + frequency x reload time / size", "Cherkasova, HPL-98-69 1998",
                PolicyCapability.BYTE_WEIGHTED, PolicyCapability.USES_LOAD_COST);
    }

    @Override
    public Evictor create(PolicyContext context) {
        return new State();
    }

    private static final class State implements Evictor {
        private final PriorityNodes nodes = new PriorityNodes(
                Comparator.<PolicyNode>comparingDouble(n -> n.priority).thenComparingLong(n -> n.tick));
        /** Last measured reload time per key; kept after eviction, it is a property of the key. */
        private final Map<Long, Long> cost = new HashMap<>();
        private double inflation;
        private long tick;
        private long measuredNanos;
        private long measuredBytes;

        private double costOf(PolicyNode n) {
            Long c = cost.get(n.key);
            if (c != null) {
                return c;
            }
            double perByte = measuredBytes == 0 ? 1.0 : (double) measuredNanos / measuredBytes;
            return perByte * n.bytes;
        }

        private void prioritize(PolicyNode n) {
            n.priority = inflation + n.freq * costOf(n) / Math.max(1, n.bytes);
            n.tick = ++tick;
        }

        @Override
        public void onAccess(long key, long bytes, boolean hit) {
            PolicyNode n = nodes.get(key);
            if (n != null) {
                nodes.update(n, x -> {
                    x.freq++;
                    prioritize(x);
                });
            }
        }

        @Override
        public void onInsert(long key, long bytes, boolean prefetch) {
            PolicyNode n = new PolicyNode(key, bytes);
            n.freq = 1;
            prioritize(n);
            nodes.add(n);
        }

        @Override
        public void onLoaded(long key, long nanos) {
            cost.put(key, Math.max(1, nanos));
            PolicyNode n = nodes.get(key);
            if (n != null) {
                measuredNanos += nanos;
                measuredBytes += n.bytes;
                nodes.update(n, this::prioritize);
            }
        }

        @Override
        public long victim(long incoming, LongPredicate evictable) {
            PolicyNode n = nodes.lowestMatching(evictable);
            return n == null ? NONE : n.key;
        }

        @Override
        public void onEvict(long key) {
            PolicyNode n = nodes.remove(key);
            if (n != null) {
                inflation = Math.max(inflation, n.priority);
            }
        }

        @Override
        public void checkInvariants(Set<Long> residentKeys) {
            nodes.check(residentKeys);
            for (PolicyNode n : nodes.nodes()) {
                Invariants.check(!Double.isNaN(n.priority) && n.priority >= 0, "priority " + n.priority + " of key " + n.key);
            }
        }
    }
}
