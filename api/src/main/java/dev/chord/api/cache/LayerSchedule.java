package dev.chord.api.cache;

import java.util.Arrays;

/**
 * The order a forward pass requests layers in, repeated once per token: decoding runs layers
 * {@code order[0] .. order[n-1]}, then starts over for the next token. Knowing it online is what
 * {@code opt.Schedule} and the schedule-driven prefetchers rely on.
 */
public final class LayerSchedule {

    private final int[] order;
    private final int[] position;

    private LayerSchedule(int[] order) {
        this.order = order.clone();
        int max = -1;
        for (int l : order) {
            if (l < 0) {
                throw new IllegalArgumentException("layer " + l + " in schedule " + Arrays.toString(order) + " is negative");
            }
            max = Math.max(max, l);
        }
        this.position = new int[max + 1];
        Arrays.fill(position, -1);
        for (int i = 0; i < order.length; i++) {
            if (position[order[i]] >= 0) {
                throw new IllegalArgumentException("layer " + order[i] + " appears twice in schedule " + Arrays.toString(order));
            }
            position[order[i]] = i;
        }
        if (order.length == 0) {
            throw new IllegalArgumentException("a schedule needs at least one layer");
        }
    }

    /** Layers 0 .. n-1 in order: a decoder-only transformer's forward pass. */
    public static LayerSchedule sequential(int layers) {
        int[] o = new int[layers];
        for (int i = 0; i < layers; i++) {
            o[i] = i;
        }
        return new LayerSchedule(o);
    }

    /** An explicit order; every layer at most once. */
    public static LayerSchedule of(int... order) {
        return new LayerSchedule(order);
    }

    /** Layers per pass. */
    public int length() {
        return order.length;
    }

    public int layerAt(int pos) {
        return order[Math.floorMod(pos, order.length)];
    }

    /** Position of {@code layer} in one pass, or -1 if the schedule does not contain it. */
    public int positionOf(long layer) {
        return layer >= 0 && layer < position.length ? position[(int) layer] : -1;
    }

    public boolean contains(long layer) {
        return positionOf(layer) >= 0;
    }

    /**
     * Requests from {@code current} until {@code layer} is requested again, going forward along the
     * schedule and wrapping to the next token: 1 for the next layer, {@link #length()} for
     * {@code current} itself; {@link Long#MAX_VALUE} for a key the schedule does not contain.
     */
    public long distance(long current, long layer) {
        int pc = positionOf(current);
        int pl = positionOf(layer);
        if (pl < 0) {
            return Long.MAX_VALUE;
        }
        if (pc < 0) {
            return pl + 1L;
        }
        int d = Math.floorMod(pl - pc, order.length);
        return d == 0 ? order.length : d;
    }

    /** The layer {@code steps} requests after {@code current} (1 = the next one). */
    public int after(long current, int steps) {
        int pc = positionOf(current);
        if (pc < 0) {
            throw new IllegalArgumentException("layer " + current + " is not in the schedule");
        }
        return layerAt(pc + steps);
    }

    public int[] order() {
        return order.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerSchedule s && Arrays.equals(s.order, order);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(order);
    }

    @Override
    public String toString() {
        return order.length <= 8 ? "schedule" + Arrays.toString(order) : "schedule[" + order.length + " layers]";
    }
}
