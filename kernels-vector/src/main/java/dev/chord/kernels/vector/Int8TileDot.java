package dev.chord.kernels.vector;

import dev.chord.kernels.scalar.matmul.Int8RowDot;
import dev.chord.kernels.scalar.matmul.QuantizedActivations;

import java.lang.foreign.MemorySegment;

/**
 * The {@code vector.int8} counterpart of {@link FusedTileDot} (whose rules for writing the loops apply
 * here too): splits the activation rows into tiles of up to four for {@link #tile}, and computes
 * {@link #integerPartials} with that same loop, so the partials a test compares are the sums the kernel
 * actually scales.
 */
abstract class Int8TileDot implements Int8RowDot {

    @Override
    public final void dot(MemorySegment weights, long rowOffset, int cols, QuantizedActivations a, int aRow, int n,
                          float[] y, int yOff, int yStride) {
        for (int b = 0; b < n; b += FusedTileDot.ROWS) {
            tile(weights, rowOffset, cols, a, aRow + b, Math.min(FusedTileDot.ROWS, n - b), y, yOff + b * yStride,
                    yStride, null);
        }
    }

    @Override
    public final int integerPartials(MemorySegment weights, long rowOffset, int cols, QuantizedActivations a, int aRow,
                                     int[] out) {
        tile(weights, rowOffset, cols, a, aRow, 1, new float[1], 0, 1, out);
        return partialCount(cols);
    }

    /** How many integer partials a row of {@code cols} values has. */
    abstract int partialCount(int cols);

    /**
     * {@code rows} (1 to 4) dot products of the weight row with activation rows {@code aRow} to
     * {@code aRow + rows - 1}, result b to {@code y[yOff + b*yStride]}; when {@code partials} is not null, the
     * integer partials of the first row are written to it as well.
     */
    abstract void tile(MemorySegment weights, long rowOffset, int cols, QuantizedActivations a, int aRow, int rows,
                       float[] y, int yOff, int yStride, int[] partials);

    /** Activation row of tile row {@code b}; rows past the tile repeat the first (their results are dropped). */
    static int tileRow(int aRow, int rows, int b) {
        return b < rows ? aRow + b : aRow;
    }
}
