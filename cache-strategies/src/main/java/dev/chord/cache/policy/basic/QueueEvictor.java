package dev.chord.cache.policy.basic;

import dev.chord.api.cache.Evictor;
import dev.chord.cache.policy.support.Invariants;
import dev.chord.cache.policy.support.NodeList;
import dev.chord.cache.policy.support.PolicyNode;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * One queue of keys: FIFO (insertion order), LRU (a hit moves a key to the newest end, evict the oldest) or
 * MRU (the same order, evict the newest).
 */
final class QueueEvictor implements Evictor {
    private final boolean moveOnHit;
    private final boolean evictNewest;
    private final NodeList queue = new NodeList("queue");
    private final Map<Long, PolicyNode> nodes = new HashMap<>();

    QueueEvictor(boolean moveOnHit, boolean evictNewest) {
        this.moveOnHit = moveOnHit;
        this.evictNewest = evictNewest;
    }

    @Override
    public void onAccess(long key, long bytes, boolean hit) {
        PolicyNode n = nodes.get(key);
        if (moveOnHit && n != null) {
            queue.moveToNewest(n);
        }
    }

    @Override
    public void onInsert(long key, long bytes, boolean prefetch) {
        PolicyNode n = new PolicyNode(key, bytes);
        nodes.put(key, n);
        queue.addNewest(n);
    }

    @Override
    public long victim(long incoming, LongPredicate evictable) {
        PolicyNode n = evictNewest ? queue.newestMatching(evictable) : queue.oldestMatching(evictable);
        return n == null ? NONE : n.key;
    }

    @Override
    public void onEvict(long key) {
        PolicyNode n = nodes.remove(key);
        if (n != null) {
            queue.remove(n);
        }
    }

    @Override
    public void checkInvariants(Set<Long> residentKeys) {
        queue.check();
        Invariants.sameKeys(nodes.keySet(), residentKeys);
        Invariants.check(queue.size() == nodes.size(), "queue holds " + queue.size() + " nodes, index " + nodes.size());
    }
}
