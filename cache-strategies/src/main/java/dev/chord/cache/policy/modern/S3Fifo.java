package dev.chord.cache.policy.modern;

import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.PolicyCapability;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.policy.support.BasePolicy;
import dev.chord.cache.policy.support.Invariants;
import dev.chord.cache.policy.support.NodeList;
import dev.chord.cache.policy.support.PolicyNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * S3-FIFO: three static FIFO queues. A small queue S (10% of the bytes) takes new entries, a main queue M the
 * rest, a ghost queue G remembers keys evicted from S (up to as many bytes as M holds). Hits raise a two-bit
 * counter (at most 3). Evicting from S (when it holds at least its 10%): its tail moves to M if it was
 * requested more than once ({@code freq > 1}), otherwise it is evicted into G. Evicting from M: a tail with
 * {@code freq > 0} is reinserted with {@code freq - 1}, otherwise evicted. A missed key found in G goes
 * straight into M.
 *
 * <p>Reference: J. Yang, Y. Zhang, Z. Qiu, Y. Yue, K. V. Rashmi, "FIFO queues are all you need for cache
 * eviction", SOSP 2023 (Algorithm 1). Sizes are in bytes here, as the cache's budget is.
 */
public final class S3Fifo extends BasePolicy {
    public S3Fifo() {
        super("modern.S3Fifo", "small + main + ghost FIFO queues", "Yang et al., SOSP 2023",
                PolicyCapability.BYTE_WEIGHTED);
    }

    @Override
    public Evictor create(PolicyContext context) {
        return new State(context.capacityBytes());
    }

    private static final class State implements Evictor {
        private static final int MAX_FREQ = 3;
        private final long smallTarget;
        private final long ghostLimit;
        private final NodeList small = new NodeList("S");
        private final NodeList main = new NodeList("M");
        private final LinkedHashMap<Long, Long> ghost = new LinkedHashMap<>();
        private long ghostBytes;
        private final Map<Long, PolicyNode> nodes = new HashMap<>();

        State(long capacity) {
            smallTarget = Math.max(1, capacity / 10);
            ghostLimit = capacity - smallTarget;
        }

        @Override
        public void onAccess(long key, long bytes, boolean hit) {
            PolicyNode n = nodes.get(key);
            if (n != null) {
                n.freq = Math.min(MAX_FREQ, n.freq + 1);
            }
        }

        @Override
        public void onInsert(long key, long bytes, boolean prefetch) {
            PolicyNode n = new PolicyNode(key, bytes);
            nodes.put(key, n);
            Long g = ghost.remove(key);
            if (g != null) {
                ghostBytes -= g;
                main.addNewest(n);
            } else {
                small.addNewest(n);
            }
        }

        @Override
        public long victim(long incoming, LongPredicate evictable) {
            // Every pass either returns, moves an S entry to M (S shrinks) or spends one count of an M entry:
            // bounded by |S| + 3|M| passes.
            int limit = small.size() + (MAX_FREQ + 1) * (small.size() + main.size()) + 2;
            for (int pass = 0; pass < limit; pass++) {
                PolicyNode s = small.oldestMatching(evictable);
                PolicyNode m = main.oldestMatching(evictable);
                if (s == null && m == null) {
                    return NONE;
                }
                boolean fromSmall = s != null && (small.bytes() >= smallTarget || m == null);
                if (fromSmall) {
                    if (s.freq > 1) {
                        s.freq = 0;
                        main.moveToNewest(s);
                        continue;
                    }
                    return s.key;
                }
                if (m.freq > 0) {
                    m.freq--;
                    main.moveToNewest(m);
                    continue;
                }
                return m.key;
            }
            PolicyNode any = small.oldestMatching(evictable);
            return any != null ? any.key : main.oldestMatching(evictable) != null ? main.oldestMatching(evictable).key : NONE;
        }

        @Override
        public void onEvict(long key) {
            PolicyNode n = nodes.remove(key);
            if (n == null) {
                return;
            }
            boolean fromSmall = small.contains(n);
            n.list().remove(n);
            if (fromSmall) {
                ghost.put(key, n.bytes);
                ghostBytes += n.bytes;
                while (ghostBytes > ghostLimit && !ghost.isEmpty()) {
                    Map.Entry<Long, Long> e = ghost.pollFirstEntry();
                    ghostBytes -= e.getValue();
                }
            }
        }

        @Override
        public void checkInvariants(Set<Long> residentKeys) {
            small.check();
            main.check();
            List<Long> tracked = new ArrayList<>(nodes.keySet());
            Invariants.sameKeys(tracked, residentKeys);
            Invariants.check(small.size() + main.size() == nodes.size(), "S and M hold " + (small.size() + main.size())
                    + " nodes, index " + nodes.size());
            long g = 0;
            for (Map.Entry<Long, Long> e : ghost.entrySet()) {
                Invariants.check(!nodes.containsKey(e.getKey()), "key " + e.getKey() + " is both resident and a ghost");
                g += e.getValue();
            }
            Invariants.check(g == ghostBytes && ghostBytes <= ghostLimit, "ghost bytes " + g + " / " + ghostBytes
                    + " over limit " + ghostLimit);
            for (PolicyNode n : nodes.values()) {
                Invariants.check(n.freq >= 0 && n.freq <= MAX_FREQ, "frequency " + n.freq + " of key " + n.key);
            }
        }
    }
}
