package dev.chord.cache.policy.modern;

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
 * 2Q (full version): new entries enter A1in, a FIFO of at most Kin = 25% of the bytes; entries evicted from
 * A1in are remembered in the ghost list A1out (Kout = 50% of the bytes); a miss found in A1out goes to Am, an
 * LRU list of entries proven hot. Hits in A1in change nothing; hits in Am refresh. Eviction takes A1in's tail
 * while A1in is over Kin, else Am's LRU end.
 *
 * <p>Reference: T. Johnson, D. Shasha, "2Q: A Low Overhead High Performance Buffer Management Replacement
 * Algorithm", VLDB 1994 (section 2, the full version with Kin and Kout).
 */
public final class TwoQ extends BasePolicy {
    public TwoQ() {
        super("modern.TwoQ", "FIFO probation, ghost list, LRU hot list", "Johnson and Shasha, VLDB 1994",
                PolicyCapability.BYTE_WEIGHTED);
    }

    @Override
    public Evictor create(PolicyContext context) {
        return new State(context.capacityBytes());
    }

    private static final class State implements Evictor {
        private final long kin;
        private final long kout;
        private final NodeList a1in = new NodeList("A1in");
        private final NodeList am = new NodeList("Am");
        private final LinkedHashMap<Long, Long> a1out = new LinkedHashMap<>();
        private long a1outBytes;
        private final Map<Long, PolicyNode> nodes = new HashMap<>();

        State(long capacity) {
            kin = Math.max(1, capacity / 4);
            kout = Math.max(1, capacity / 2);
        }

        @Override
        public void onAccess(long key, long bytes, boolean hit) {
            PolicyNode n = nodes.get(key);
            if (n != null && am.contains(n)) {
                am.moveToNewest(n);
            }
        }

        @Override
        public void onInsert(long key, long bytes, boolean prefetch) {
            PolicyNode n = new PolicyNode(key, bytes);
            nodes.put(key, n);
            Long ghost = a1out.remove(key);
            if (ghost != null) {
                a1outBytes -= ghost;
                am.addNewest(n);
            } else {
                a1in.addNewest(n);
            }
        }

        @Override
        public long victim(long incoming, LongPredicate evictable) {
            PolicyNode in = a1in.oldestMatching(evictable);
            PolicyNode hot = am.oldestMatching(evictable);
            if (in != null && (a1in.bytes() > kin || hot == null)) {
                return in.key;
            }
            return hot != null ? hot.key : NONE;
        }

        @Override
        public void onEvict(long key) {
            PolicyNode n = nodes.remove(key);
            if (n == null) {
                return;
            }
            boolean probation = a1in.contains(n);
            n.list().remove(n);
            if (probation) {
                a1out.put(key, n.bytes);
                a1outBytes += n.bytes;
                while (a1outBytes > kout && !a1out.isEmpty()) {
                    a1outBytes -= a1out.pollFirstEntry().getValue();
                }
            }
        }

        @Override
        public void checkInvariants(Set<Long> residentKeys) {
            a1in.check();
            am.check();
            Invariants.sameKeys(nodes.keySet(), residentKeys);
            Invariants.check(a1in.size() + am.size() == nodes.size(), "A1in and Am hold " + (a1in.size() + am.size())
                    + " nodes, index " + nodes.size());
            long g = 0;
            for (Map.Entry<Long, Long> e : a1out.entrySet()) {
                Invariants.check(!nodes.containsKey(e.getKey()), "key " + e.getKey() + " is resident and in A1out");
                g += e.getValue();
            }
            Invariants.check(g == a1outBytes && a1outBytes <= kout, "A1out holds " + g + " bytes, records " + a1outBytes
                    + ", limit " + kout);
        }
    }
}
