package dev.chord.cache.policy.adaptive;

import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.PolicyCapability;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.policy.support.BasePolicy;
import dev.chord.cache.policy.support.FrequencySketch;
import dev.chord.cache.policy.support.Invariants;
import dev.chord.cache.policy.support.NodeList;
import dev.chord.cache.policy.support.PolicyNode;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * W-TinyLFU: new entries enter a small LRU window (1% of the bytes); the main space is a segmented LRU
 * (probation, and protected at 80% of it). When the window is over its share, its LRU entry is a candidate
 * for the main space: it is admitted if the frequency sketch rates it above the main space's victim (which is
 * then evicted), otherwise the candidate itself is evicted. Every demand request counts in the sketch.
 *
 * <p>Reference: G. Einziger, R. Friedman, B. Manes, "TinyLFU: A Highly Efficient Cache Admission Policy",
 * ACM Transactions on Storage 13(4), 2017 (section 4, W-TinyLFU). Sizes are in bytes; an entry in the
 * cache is always admitted (a demand load must be resident), so the filter decides between the window's
 * candidate and the main victim, as in the paper.
 */
public final class WTinyLfu extends BasePolicy {
    public WTinyLfu() {
        super("adaptive.WTinyLfu", "LRU window + TinyLFU-filtered segmented LRU", "Einziger, Friedman and Manes, ACM ToS 2017",
                PolicyCapability.BYTE_WEIGHTED);
    }

    @Override
    public Evictor create(PolicyContext context) {
        return new State(context.capacityBytes(), context.keyCountHint());
    }

    private static final class State implements Evictor {
        private final long windowMax;
        private final long mainMax;
        private final long protectedMax;
        private final NodeList window = new NodeList("window");
        private final NodeList probation = new NodeList("probation");
        private final NodeList protectedList = new NodeList("protected");
        private final Map<Long, PolicyNode> nodes = new HashMap<>();
        private final FrequencySketch sketch;

        State(long capacity, int keys) {
            windowMax = Math.max(1, capacity / 100);
            mainMax = capacity - windowMax;
            protectedMax = mainMax * 8 / 10;
            sketch = new FrequencySketch(keys);
        }

        @Override
        public void onAccess(long key, long bytes, boolean hit) {
            sketch.increment(key);
            PolicyNode n = nodes.get(key);
            if (n == null) {
                return;
            }
            if (probation.contains(n)) {
                protectedList.moveToNewest(n);
                while (protectedList.bytes() > protectedMax && protectedList.size() > 1) {
                    probation.moveToNewest(protectedList.oldest());
                }
            } else {
                n.list().moveToNewest(n);
            }
        }

        @Override
        public void onInsert(long key, long bytes, boolean prefetch) {
            PolicyNode n = new PolicyNode(key, bytes);
            nodes.put(key, n);
            window.addNewest(n);
        }

        private PolicyNode mainVictim(LongPredicate evictable) {
            PolicyNode v = probation.oldestMatching(evictable);
            return v != null ? v : protectedList.oldestMatching(evictable);
        }

        @Override
        public long victim(long incoming, LongPredicate evictable) {
            // Each pass moves a window entry into the main space (the window shrinks) or returns.
            int passes = window.size() + 1;
            for (int pass = 0; pass < passes; pass++) {
                PolicyNode candidate = window.bytes() > windowMax ? window.oldestMatching(evictable) : null;
                if (candidate == null) {
                    PolicyNode v = mainVictim(evictable);
                    if (v == null) {
                        v = window.oldestMatching(evictable);
                    }
                    return v == null ? NONE : v.key;
                }
                if (probation.bytes() + protectedList.bytes() + candidate.bytes <= mainMax) {
                    probation.moveToNewest(candidate); // the main space has room: no contest
                    continue;
                }
                PolicyNode v = mainVictim(evictable);
                if (v == null || sketch.frequency(candidate.key) <= sketch.frequency(v.key)) {
                    return candidate.key;
                }
                probation.moveToNewest(candidate);
                return v.key;
            }
            PolicyNode v = mainVictim(evictable);
            return v == null ? NONE : v.key;
        }

        @Override
        public void onEvict(long key) {
            PolicyNode n = nodes.remove(key);
            if (n != null) {
                n.list().remove(n);
            }
        }

        @Override
        public void checkInvariants(Set<Long> residentKeys) {
            window.check();
            probation.check();
            protectedList.check();
            Invariants.sameKeys(nodes.keySet(), residentKeys);
            Invariants.check(window.size() + probation.size() + protectedList.size() == nodes.size(),
                    "window, probation and protected hold " + (window.size() + probation.size() + protectedList.size())
                            + " nodes, index " + nodes.size());
            Invariants.check(protectedList.bytes() <= protectedMax || protectedList.size() <= 1,
                    "protected segment holds " + protectedList.bytes() + " bytes over its " + protectedMax);
        }
    }
}
