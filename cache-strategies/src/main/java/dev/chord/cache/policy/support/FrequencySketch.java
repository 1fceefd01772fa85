package dev.chord.cache.policy.support;

/**
 * A count-min sketch of 4-bit counters (four rows) with aging: after {@code sampleSize} increments every
 * counter is halved, so the estimate follows recent popularity. TinyLFU's frequency filter.
 *
 * <p>Reference: G. Einziger, R. Friedman, B. Manes, "TinyLFU: A Highly Efficient Cache Admission Policy",
 * ACM Transactions on Storage 13(4), 2017 (sections 3.2-3.3: approximate counting, the reset operation).
 */
public final class FrequencySketch {
    private static final int ROWS = 4;
    private static final int MAX = 15;
    private static final long[] SEEDS = {0x9E3779B97F4A7C15L, 0xC2B2AE3D27D4EB4FL, 0x165667B19E3779F9L, 0x27D4EB2F165667C5L};
    private final byte[][] counters;
    private final int mask;
    private final int sampleSize;
    private int additions;

    public FrequencySketch(int expectedKeys) {
        int width = Integer.highestOneBit(Math.max(16, expectedKeys * 4 - 1)) << 1;
        counters = new byte[ROWS][width];
        mask = width - 1;
        sampleSize = 10 * Math.max(16, expectedKeys);
    }

    private int index(long key, int row) {
        long h = (key + SEEDS[row]) * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        h ^= h >>> 29;
        return (int) h & mask;
    }

    public int frequency(long key) {
        int f = MAX;
        for (int r = 0; r < ROWS; r++) {
            f = Math.min(f, counters[r][index(key, r)]);
        }
        return f;
    }

    /** Counts one request of {@code key} (conservative update: only the smallest counters grow). */
    public void increment(long key) {
        int f = frequency(key);
        if (f < MAX) {
            for (int r = 0; r < ROWS; r++) {
                int i = index(key, r);
                if (counters[r][i] == f) {
                    counters[r][i]++;
                }
            }
        }
        if (++additions >= sampleSize) {
            for (byte[] row : counters) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = (byte) (row[i] >>> 1);
                }
            }
            additions /= 2;
        }
    }
}
