package dev.chord.kernels.scalar.format;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Shrinks a failing row to the fewest whole blocks that still fail, so a property failure shows the
 * smallest input (usually one block) instead of a long random row. Whole blocks only: a format's blocks are
 * quantized independently, and a row that is not whole blocks is not valid input.
 */
public final class BlockShrinker {
    private BlockShrinker() {
    }

    /**
     * @param fails true if a row (whole blocks) still shows the failure; exceptions count as failure
     * @return the smallest failing row found: a single block if one fails alone, else {@code row} with as
     *         many blocks removed as keep it failing
     */
    public static float[] smallestFailing(float[] row, int blockSize, Predicate<float[]> fails) {
        int blocks = row.length / blockSize;
        for (int b = 0; b < blocks && blocks > 1; b++) {
            float[] one = Arrays.copyOfRange(row, b * blockSize, (b + 1) * blockSize);
            if (failsSafely(fails, one)) {
                return one;
            }
        }
        float[] current = row;
        for (int b = blocks - 1; b >= 0 && current.length > blockSize; b--) {
            if (b * blockSize >= current.length) {
                continue;
            }
            float[] without = new float[current.length - blockSize];
            System.arraycopy(current, 0, without, 0, b * blockSize);
            System.arraycopy(current, (b + 1) * blockSize, without, b * blockSize, current.length - (b + 1) * blockSize);
            if (failsSafely(fails, without)) {
                current = without;
            }
        }
        return current;
    }

    private static boolean failsSafely(Predicate<float[]> fails, float[] row) {
        try {
            return fails.test(row);
        } catch (RuntimeException | AssertionError e) {
            return true;
        }
    }
}
