package dev.chord.cache.trace;

import dev.chord.api.cache.LayerSchedule;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A sequence of demand requests: when (nanoseconds from the start of the run), which key (a layer index
 * for weight streaming), how many bytes.
 */
public final class Trace {
    private final long[] times;
    private final long[] keys;
    private final long[] sizes;

    public Trace(long[] timesNanos, long[] keys, long[] sizes) {
        if (timesNanos.length != keys.length || sizes.length != keys.length) {
            throw new IllegalArgumentException("trace columns differ in length: " + timesNanos.length + " times, "
                    + keys.length + " keys, " + sizes.length + " sizes");
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 0) {
                throw new IllegalArgumentException("request " + i + " has negative size " + sizes[i]);
            }
        }
        this.times = timesNanos.clone();
        this.keys = keys.clone();
        this.sizes = sizes.clone();
    }

    /** The decode order of a model: {@code tokens} passes over {@code layerBytes.length} layers, no times. */
    public static Trace decode(long[] layerBytes, int tokens) {
        int n = layerBytes.length;
        long total = Math.multiplyExact((long) n, tokens);
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(tokens + " tokens of " + n + " layers is too long a trace");
        }
        long[] k = new long[(int) total];
        long[] s = new long[(int) total];
        for (int t = 0; t < tokens; t++) {
            for (int l = 0; l < n; l++) {
                k[t * n + l] = l;
                s[t * n + l] = layerBytes[l];
            }
        }
        return new Trace(new long[k.length], k, s);
    }

    public int length() {
        return keys.length;
    }

    public long time(int i) {
        return times[i];
    }

    public long key(int i) {
        return keys[i];
    }

    public long size(int i) {
        return sizes[i];
    }

    /** Bytes of every request added up. */
    public long totalBytes() {
        long s = 0;
        for (long b : sizes) {
            s += b;
        }
        return s;
    }

    /** Distinct keys. */
    public int distinctKeys() {
        Set<Long> s = new HashSet<>();
        for (long k : keys) {
            s.add(k);
        }
        return s.size();
    }

    /** Largest size seen per key. */
    public Map<Long, Long> sizeByKey() {
        Map<Long, Long> m = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            m.merge(keys[i], sizes[i], Math::max);
        }
        return m;
    }

    /**
     * For each request, the index of the next request of the same key, or -1 if there is none.
     */
    public int[] nextAccess() {
        int[] next = new int[keys.length];
        Map<Long, Integer> seen = new HashMap<>();
        for (int i = keys.length - 1; i >= 0; i--) {
            Integer j = seen.put(keys[i], i);
            next[i] = j == null ? -1 : j;
        }
        return next;
    }

    /**
     * The layer order, if this trace is one order repeated: its first pass (up to the first repeat) holds
     * distinct layer indices and every later request follows it, the last pass possibly cut short.
     */
    public Optional<LayerSchedule> repeatedOrder() {
        if (keys.length == 0) {
            return Optional.empty();
        }
        Set<Long> firstPass = new HashSet<>();
        int period = 0;
        while (period < keys.length && firstPass.add(keys[period])) {
            period++;
        }
        for (int i = 0; i < period; i++) {
            if (keys[i] < 0 || keys[i] > Integer.MAX_VALUE) {
                return Optional.empty();
            }
        }
        for (int i = period; i < keys.length; i++) {
            if (keys[i] != keys[i - period]) {
                return Optional.empty();
            }
        }
        int[] order = new int[period];
        for (int i = 0; i < period; i++) {
            order[i] = (int) keys[i];
        }
        return Optional.of(LayerSchedule.of(order));
    }

    /**
     * Tokens in the trace: requests of its first key (a forward pass starts every token with the same
     * layer), at least 1.
     */
    public int tokens() {
        if (keys.length == 0) {
            return 1;
        }
        int n = 0;
        for (long k : keys) {
            if (k == keys[0]) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trace t && Arrays.equals(t.times, times) && Arrays.equals(t.keys, keys)
                && Arrays.equals(t.sizes, sizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keys) * 31 + Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        return "trace[" + keys.length + " requests, " + distinctKeys() + " keys]";
    }
}
