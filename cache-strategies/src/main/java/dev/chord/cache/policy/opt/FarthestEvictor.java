package dev.chord.cache.policy.opt;

import dev.chord.api.cache.Evictor;
import dev.chord.cache.policy.support.Invariants;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Evicts the evictable key with the largest {@code distance-to-next-use x bytes} (a key never used again
 * first, the largest of those first). With equal sizes this is exactly "farthest next use". Subclasses say
 * how far away a key's next use is.
 */
abstract class FarthestEvictor implements Evictor {
    protected final Map<Long, Long> bytes = new HashMap<>();
    /** Index of the latest demand request (virtual time). */
    protected long now = -1;
    protected long current = NONE;

    /** Requests from now until {@code key} is needed, or {@link Long#MAX_VALUE} if never. */
    protected abstract long distance(long key);

    @Override
    public void onAccess(long key, long size, boolean hit) {
        now++;
        current = key;
    }

    @Override
    public void onInsert(long key, long size, boolean prefetch) {
        bytes.put(key, size);
    }

    @Override
    public long victim(long incoming, LongPredicate evictable) {
        long best = NONE;
        double bestScore = -1;
        long bestBytes = -1;
        for (Map.Entry<Long, Long> e : bytes.entrySet()) {
            long k = e.getKey();
            if (!evictable.test(k)) {
                continue;
            }
            long d = distance(k);
            double score = d == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : (double) d * e.getValue();
            // Ties (several keys never used again) go to the largest, then the smallest key, so runs repeat.
            if (score > bestScore || (score == bestScore && (e.getValue() > bestBytes
                    || (e.getValue() == bestBytes && k < best)))) {
                best = k;
                bestScore = score;
                bestBytes = e.getValue();
            }
        }
        return best;
    }

    @Override
    public void onEvict(long key) {
        bytes.remove(key);
    }

    @Override
    public void checkInvariants(Set<Long> residentKeys) {
        Invariants.sameKeys(bytes.keySet(), residentKeys);
    }
}
