package dev.chord.cache.policy.support;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Checks shared by the policies' {@code checkInvariants}. */
public final class Invariants {
    private Invariants() {
    }

    /** The policy tracks exactly the keys the cache holds. */
    public static void sameKeys(Collection<Long> tracked, Set<Long> resident) {
        Set<Long> t = new HashSet<>(tracked);
        if (t.size() != tracked.size()) {
            throw new IllegalStateException("a key is tracked twice");
        }
        if (!t.equals(resident)) {
            Set<Long> extra = new HashSet<>(t);
            extra.removeAll(resident);
            Set<Long> missing = new HashSet<>(resident);
            missing.removeAll(t);
            throw new IllegalStateException("tracked keys differ from the cache's: tracked but not resident " + extra
                    + ", resident but not tracked " + missing);
        }
    }

    public static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
