package dev.chord.kernels.vector;

import dev.chord.kernels.scalar.matmul.F32RowDot;

import java.lang.foreign.MemorySegment;

/**
 * Splits the activation rows of a {@code vector.fused} call into tiles of up to {@value #ROWS}; a subclass's
 * {@link #tile} decodes each weight vector once and multiplies it into one accumulator set per tile row.
 *
 * <p>How the tile loops are written is dictated by C2, and getting it wrong costs 5-10x silently:
 * <ul>
 *   <li>No method of ours may take or return a vector inside a hot loop. C2 inlines the JDK's Vector API
 *       methods unconditionally, but ours only within its size and node-count budgets; a vector-heavy loop
 *       exceeds them now and then (observed: a 255-byte decode helper refused as "callee is too large" or
 *       "NodeCountInliningCutoff"), and the vectors crossing the call are then allocated, 50-100 MB per
 *       4096x4096 matvec. So decoding is written inside the loop.</li>
 *   <li>A {@code switch} on the weight format inside the loop is fine: C2 merges the vectors of its arms
 *       without boxing (measured with three formats live in one JVM). A virtual decode method per format
 *       would not be: its call site would be megamorphic.</li>
 *   <li>One loop serves 1 to 4 rows; the extra rows' work sits behind loop-invariant {@code rows > b}
 *       tests, which cost a predicted branch each.</li>
 * </ul>
 */
abstract class FusedTileDot implements F32RowDot {

    /** Activation rows per tile, the most the driver hands a row dot at once. */
    static final int ROWS = 4;

    @Override
    public final void dot(MemorySegment weights, long rowOffset, int cols, float[] x, int xOff, int xStride, int n,
                          float[] y, int yOff, int yStride) {
        for (int b = 0; b < n; b += ROWS) {
            tile(weights, rowOffset, cols, x, xOff + b * xStride, xStride, Math.min(ROWS, n - b), y,
                    yOff + b * yStride, yStride);
        }
    }

    /**
     * {@code rows} (1 to 4) dot products of the weight row at {@code rowOffset} with the activation rows
     * starting at {@code xOff + b*xStride}; result b goes to {@code y[yOff + b*yStride]}.
     */
    abstract void tile(MemorySegment weights, long rowOffset, int cols, float[] x, int xOff, int xStride, int rows,
                       float[] y, int yOff, int yStride);

    /** Activation offset of tile row {@code b}; rows past the tile repeat row 0 (their results are dropped). */
    static int rowStart(int xOff, int xStride, int rows, int b) {
        return b < rows ? xOff + b * xStride : xOff;
    }

    /** Stores the results of the tile's real rows. */
    static void store(float[] y, int yOff, int yStride, int rows, float s0, float s1, float s2, float s3) {
        y[yOff] = s0;
        if (rows > 1) {
            y[yOff + yStride] = s1;
        }
        if (rows > 2) {
            y[yOff + 2 * yStride] = s2;
        }
        if (rows > 3) {
            y[yOff + 3 * yStride] = s3;
        }
    }
}
