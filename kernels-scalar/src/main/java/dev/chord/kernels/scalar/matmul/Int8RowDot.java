package dev.chord.kernels.scalar.matmul;

import java.lang.foreign.MemorySegment;

/**
 * One weight format's integer dot product with activations quantized to its vec-dot type (q8_0, q8_1, q8_K),
 * as ggml computes it: integer sums within blocks, scaled by the blocks' float scales.
 */
public interface Int8RowDot {

    /**
     * For {@code b} in {@code [0, n)}: {@code y[yOff + b*yStride]} = the dot product of the weight row of
     * {@code cols} values at byte {@code rowOffset} with activation row {@code aRow + b} of {@code a}.
     */
    void dot(MemorySegment weights, long rowOffset, int cols, QuantizedActivations a, int aRow, int n,
             float[] y, int yOff, int yStride);

    /**
     * The integer partial results of one row's dot product, before any float scale is applied, in an order
     * each format documents (for q4_0: one sum per 32-value block; for the K-quants: one per scaled
     * sub-block). Scalar and vector implementations must produce identical values; returns how many were
     * written to {@code out}.
     */
    int integerPartials(MemorySegment weights, long rowOffset, int cols, QuantizedActivations a, int aRow, int[] out);

    /**
     * Whether {@link #dotTwoRows} is implemented: one pass over two weight rows for one activation row. The
     * driver then pairs rows far apart (half a row block), so the pass reads two independent streams from
     * memory; the hardware prefetcher follows both, and more cache misses are in flight than a single row's
     * loop keeps.
     */
    default boolean dotsTwoRows() {
        return false;
    }

    /**
     * {@code y[y0]} and {@code y[y1]}: the dot products of the weight rows at {@code row0} and {@code row1}
     * with activation row {@code aRow}. Only when {@link #dotsTwoRows()}.
     */
    default void dotTwoRows(MemorySegment weights, long row0, long row1, int cols, QuantizedActivations a, int aRow,
                            float[] y, int y0, int y1) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no two-row dot");
    }
}
