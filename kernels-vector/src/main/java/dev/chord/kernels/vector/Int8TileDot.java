package dev.chord.kernels.vector;

import dev.chord.kernels.scalar.matmul.Int8RowDot;
import dev.chord.kernels.scalar.matmul.QuantizedActivations;

import java.lang.foreign.MemorySegment;

/**
 * The {@code vector.int8} counterpart of {@link FusedTileDot}: splits a tile of activation rows into a
 * one-row dot and four-row dots (which decode each weight vector once for the four rows), and computes
 * {@link #integerPartials} with the one-row loop itself, so the partials a test compares are the sums the
 * kernel actually scales. The same rule holds: only scalars cross these calls.
 */
abstract class Int8TileDot implements Int8RowDot {

    @Override
    public final void dot(MemorySegment weights, long rowOffset, int cols, QuantizedActivations a, int aRow, int n,
                          float[] y, int yOff, int yStride) {
        int b = 0;
        for (; n - b >= 4; b += 4) {
            dot4(weights, rowOffset, cols, a, aRow + b, 4, y, yOff + b * yStride, yStride);
        }
        if (n - b == 1) {
            y[yOff + b * yStride] = dot1(weights, rowOffset, cols, a, aRow + b, null);
        } else if (n - b > 1) {
            dot4(weights, rowOffset, cols, a, aRow + b, n - b, y, yOff + b * yStride, yStride);
        }
    }

    @Override
    public final int integerPartials(MemorySegment weights, long rowOffset, int cols, QuantizedActivations a, int aRow,
                                     int[] out) {
        dot1(weights, rowOffset, cols, a, aRow, out);
        return partialCount(cols);
    }

    /** How many integer partials a row of {@code cols} values has. */
    abstract int partialCount(int cols);

    /**
     * The dot product of the weight row with activation row {@code aRow}; when {@code partials} is not null
     * the integer partials are written to it as well.
     */
    abstract float dot1(MemorySegment weights, long rowOffset, int cols, QuantizedActivations a, int aRow, int[] partials);

    /** Dot products with activation rows {@code aRow} to {@code aRow + rows - 1} (rows: 2 to 4). */
    abstract void dot4(MemorySegment weights, long rowOffset, int cols, QuantizedActivations a, int aRow, int rows,
                       float[] y, int yOff, int yStride);

    /** Activation row of tile row {@code b}; rows past the tile repeat its last row. */
    static int tileRow(int aRow, int rows, int b) {
        return aRow + Math.min(b, rows - 1);
    }
}
