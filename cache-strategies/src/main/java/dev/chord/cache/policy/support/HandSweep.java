package dev.chord.cache.policy.support;

import java.util.function.LongPredicate;

/**
 * The sweep shared by CLOCK and SIEVE: a hand walks a list from older to newer entries, wrapping to the
 * oldest, skips entries the cache cannot evict, clears set reference bits, and stops at the first evictable
 * entry whose bit is clear.
 */
public final class HandSweep {
    private HandSweep() {
    }

    /** The node after {@code n} towards the newest end, wrapping to the oldest. */
    public static PolicyNode nextWrapping(NodeList list, PolicyNode n) {
        PolicyNode next = list.newer(n);
        return next != null ? next : list.oldest();
    }

    /**
     * Sweeps from {@code start} (the oldest node if null). Two full turns suffice: the first may only clear
     * bits, the second then finds a clear one.
     *
     * @return the nominee, or null if no node is evictable
     */
    public static PolicyNode sweep(NodeList list, PolicyNode start, LongPredicate evictable) {
        if (list.isEmpty()) {
            return null;
        }
        PolicyNode n = start != null ? start : list.oldest();
        for (int step = 0; step <= 2 * list.size(); step++) {
            if (evictable.test(n.key)) {
                if (!n.referenced) {
                    return n;
                }
                n.referenced = false;
            }
            n = nextWrapping(list, n);
        }
        return null;
    }
}
