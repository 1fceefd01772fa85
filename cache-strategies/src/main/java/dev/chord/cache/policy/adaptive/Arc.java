package dev.chord.cache.policy.adaptive;

import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.PolicyCapability;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.policy.support.BasePolicy;
import dev.chord.cache.policy.support.Invariants;
import dev.chord.cache.policy.support.NodeList;
import dev.chord.cache.policy.support.PolicyNode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * ARC: two LRU lists, T1 (seen once recently) and T2 (seen at least twice), with ghost lists B1 and B2 of
 * keys recently evicted from each. A target p for T1's size adapts: a miss found in B1 raises it, one found in
 * B2 lowers it (by {@code max(1, |B2|/|B1|)} resp. {@code max(1, |B1|/|B2|)}). REPLACE evicts T1's LRU end
 * when T1 is over p (or at p and the missed key is in B2), else T2's.
 *
 * <p>Reference: N. Megiddo, D. S. Modha, "ARC: A Self-Tuning, Low Overhead Replacement Cache", FAST 2003
 * (Figure 4). Sizes are in bytes: c is the byte budget, and the adaptation step is scaled by the missed
 * entry's bytes, which is the paper's rule when every entry has the same size.
 */
public final class Arc extends BasePolicy {
    public Arc() {
        super("adaptive.Arc", "adaptive split between recency (T1) and frequency (T2)", "Megiddo and Modha, FAST 2003",
                PolicyCapability.BYTE_WEIGHTED);
    }

    @Override
    public Evictor create(PolicyContext context) {
        return new State(context.capacityBytes());
    }

    private static final class Ghosts {
        final LinkedHashMap<Long, Long> keys = new LinkedHashMap<>();
        long bytes;

        boolean contains(long k) {
            return keys.containsKey(k);
        }

        void add(long k, long b) {
            keys.put(k, b);
            bytes += b;
        }

        void remove(long k) {
            Long b = keys.remove(k);
            if (b != null) {
                bytes -= b;
            }
        }

        void dropOldest() {
            bytes -= keys.pollFirstEntry().getValue();
        }
    }

    private static final class State implements Evictor {
        private final long c;
        private double p;
        private final NodeList t1 = new NodeList("T1");
        private final NodeList t2 = new NodeList("T2");
        private final Ghosts b1 = new Ghosts();
        private final Ghosts b2 = new Ghosts();
        private final Map<Long, PolicyNode> nodes = new HashMap<>();
        /**
         * The key of the current demand miss if it was found in a ghost list (it leaves the list at once, as
         * the paper moves it to T2, and is inserted into T2), and whether that list was B2.
         */
        private long ghostHit = NONE;
        private boolean ghostHitInB2;

        State(long capacity) {
            c = capacity;
        }

        @Override
        public void onAccess(long key, long bytes, boolean hit) {
            PolicyNode n = nodes.get(key);
            if (n != null) {
                t2.moveToNewest(n); // case I
                return;
            }
            ghostHit = NONE;
            ghostHitInB2 = false;
            if (b1.contains(key)) { // case II: recency is being undervalued
                double delta = b1.bytes == 0 ? bytes : Math.max(1.0, (double) b2.bytes / b1.bytes) * bytes;
                p = Math.min(c, p + delta);
                b1.remove(key);
                ghostHit = key;
            } else if (b2.contains(key)) { // case III: frequency is being undervalued
                double delta = b2.bytes == 0 ? bytes : Math.max(1.0, (double) b1.bytes / b2.bytes) * bytes;
                p = Math.max(0, p - delta);
                b2.remove(key);
                ghostHit = key;
                ghostHitInB2 = true;
            }
        }

        @Override
        public void onInsert(long key, long bytes, boolean prefetch) {
            PolicyNode n = new PolicyNode(key, bytes);
            nodes.put(key, n);
            b1.remove(key); // a prefetch of a ghost key: it enters as new, without adapting p
            b2.remove(key);
            if (!prefetch && ghostHit == key) {
                t2.addNewest(n);
            } else {
                t1.addNewest(n);
            }
            ghostHit = NONE;
            trimGhosts();
        }

        @Override
        public long victim(long incoming, LongPredicate evictable) {
            PolicyNode lru1 = t1.oldestMatching(evictable);
            PolicyNode lru2 = t2.oldestMatching(evictable);
            boolean inB2 = ghostHitInB2 && incoming == ghostHit;
            boolean fromT1 = lru1 != null && (t1.bytes() > p || (inB2 && t1.bytes() >= p) || lru2 == null);
            if (fromT1) {
                return lru1.key;
            }
            return lru2 != null ? lru2.key : NONE;
        }

        @Override
        public void onEvict(long key) {
            PolicyNode n = nodes.remove(key);
            if (n == null) {
                return;
            }
            boolean recency = t1.contains(n);
            n.list().remove(n);
            (recency ? b1 : b2).add(key, n.bytes);
            trimGhosts();
        }

        /** |T1| + |B1| <= c and |T1| + |T2| + |B1| + |B2| <= 2c (the directory bounds of the paper's DBL(2c)). */
        private void trimGhosts() {
            while (t1.bytes() + b1.bytes > c && !b1.keys.isEmpty()) {
                b1.dropOldest();
            }
            while (t1.bytes() + t2.bytes() + b1.bytes + b2.bytes > 2 * c && !b2.keys.isEmpty()) {
                b2.dropOldest();
            }
            while (t1.bytes() + t2.bytes() + b1.bytes + b2.bytes > 2 * c && !b1.keys.isEmpty()) {
                b1.dropOldest();
            }
        }

        @Override
        public void checkInvariants(Set<Long> residentKeys) {
            t1.check();
            t2.check();
            Invariants.sameKeys(nodes.keySet(), residentKeys);
            Invariants.check(t1.size() + t2.size() == nodes.size(), "T1 and T2 hold " + (t1.size() + t2.size())
                    + " nodes, index " + nodes.size());
            Invariants.check(p >= 0 && p <= c, "target p = " + p + " outside [0, " + c + "]");
            for (Ghosts g : new Ghosts[] {b1, b2}) {
                long sum = 0;
                for (Map.Entry<Long, Long> e : g.keys.entrySet()) {
                    Invariants.check(!nodes.containsKey(e.getKey()), "key " + e.getKey() + " is resident and a ghost");
                    sum += e.getValue();
                }
                Invariants.check(sum == g.bytes, "ghost list bytes " + sum + " recorded as " + g.bytes);
            }
            for (Long k : b1.keys.keySet()) {
                Invariants.check(!b2.contains(k), "key " + k + " is in both B1 and B2");
            }
            Invariants.check(t1.bytes() + b1.bytes <= c || b1.bytes == 0, "|T1| + |B1| exceeds c");
            Invariants.check(t1.bytes() + t2.bytes() + b1.bytes + b2.bytes <= 2 * c
                    || b1.bytes + b2.bytes == 0, "the directory exceeds 2c");
        }
    }
}
