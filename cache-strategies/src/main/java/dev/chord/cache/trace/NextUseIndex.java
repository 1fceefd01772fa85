package dev.chord.cache.trace;

import dev.chord.api.cache.NextUse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The exact future of a {@link Trace}: for any key and time, the index of its next request. */
public final class NextUseIndex implements NextUse {
    private final Map<Long, int[]> positions = new HashMap<>();

    public NextUseIndex(Trace trace) {
        Map<Long, List<Integer>> lists = new HashMap<>();
        for (int i = 0; i < trace.length(); i++) {
            lists.computeIfAbsent(trace.key(i), k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<Long, List<Integer>> e : lists.entrySet()) {
            positions.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray());
        }
    }

    @Override
    public long after(long key, long now) {
        int[] p = positions.get(key);
        if (p == null) {
            return NEVER;
        }
        long target = now + 1;
        if (target > Integer.MAX_VALUE) {
            return NEVER;
        }
        int i = Arrays.binarySearch(p, (int) Math.max(target, Integer.MIN_VALUE));
        if (i < 0) {
            i = -i - 1;
        }
        return i < p.length ? p[i] : NEVER;
    }
}
