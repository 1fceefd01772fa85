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
     * Weight rows {@link #dotRows} takes in one pass for one activation row; 1 when it has no such pass. The driver
     * gives a pass rows far apart (a fraction of a row block), so it reads that many independent streams from
     * memory: the hardware prefetcher follows each, and more cache misses are in flight than one row's loop
     * keeps (Java has no prefetch instruction). Each activation load also serves every row of the pass.
     */
    default int rowsPerPass() {
        return 1;
    }

    /**
     * For {@code i} in {@code [0, rowsPerPass())}: {@code y[yOff + i*yStep]} = the dot product of the weight row at
     * byte {@code rowOffset + i*rowStep} with activation row {@code aRow}. Only when {@link #rowsPerPass()} > 1.
     */
    default void dotRows(MemorySegment weights, long rowOffset, long rowStep, int cols, QuantizedActivations a, int aRow,
                         float[] y, int yOff, int yStep) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no multi-row pass");
    }
}
