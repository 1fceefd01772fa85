package dev.chord.cache.policy.basic;

import dev.chord.api.cache.Evictor;
import dev.chord.api.cache.PolicyCapability;
import dev.chord.api.cache.PolicyContext;
import dev.chord.cache.policy.support.BasePolicy;
import dev.chord.cache.policy.support.Invariants;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;

/**
 * Evicts an entry chosen uniformly at random (seeded from the context, so runs repeat).
 *
 * <p>Reference: L. A. Belady, "A study of replacement algorithms for a virtual-storage computer",
 * IBM Systems Journal 5(2), 1966 (RAND).
 */
public final class RandomEviction extends BasePolicy {
    public RandomEviction() {
        super("basic.Random", "evict a uniformly random entry (seeded)", "Belady, IBM Systems Journal 1966",
                PolicyCapability.RANDOMIZED);
    }

    @Override
    public Evictor create(PolicyContext context) {
        return new State(context.seed());
    }

    private static final class State implements Evictor {
        private final SplittableRandom random;
        private final List<Long> keys = new ArrayList<>();
        private final Map<Long, Integer> index = new HashMap<>();

        State(long seed) {
            random = new SplittableRandom(seed);
        }

        @Override
        public void onAccess(long key, long bytes, boolean hit) {
        }

        @Override
        public void onInsert(long key, long bytes, boolean prefetch) {
            index.put(key, keys.size());
            keys.add(key);
        }

        @Override
        public long victim(long incoming, LongPredicate evictable) {
            int n = keys.size();
            if (n == 0) {
                return NONE;
            }
            // A random start, then a linear probe: uniform when everything is evictable, and it still
            // finds the one evictable key among leased ones.
            int start = random.nextInt(n);
            for (int i = 0; i < n; i++) {
                long k = keys.get((start + i) % n);
                if (evictable.test(k)) {
                    return k;
                }
            }
            return NONE;
        }

        @Override
        public void onEvict(long key) {
            Integer i = index.remove(key);
            if (i == null) {
                return;
            }
            long last = keys.removeLast();
            if (i < keys.size()) {
                keys.set(i, last);
                index.put(last, i);
            }
        }

        @Override
        public void checkInvariants(Set<Long> residentKeys) {
            Invariants.sameKeys(keys, residentKeys);
            for (int i = 0; i < keys.size(); i++) {
                Invariants.check(index.get(keys.get(i)) == i, "index of key " + keys.get(i) + " is stale");
            }
        }
    }
}
