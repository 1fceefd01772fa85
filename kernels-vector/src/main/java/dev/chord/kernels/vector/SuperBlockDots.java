package dev.chord.kernels.vector;

import dev.chord.kernels.scalar.matmul.F32RowDot;
import dev.chord.kernels.scalar.matmul.Int8RowDot;
import dev.chord.kernels.scalar.matmul.QuantizedActivations;

import java.lang.foreign.MemorySegment;

import static dev.chord.kernels.vector.Lanes.QK_K;

/**
 * The row-dot plumbing every super-block format shares: decode the row's scales into a per-thread scratch,
 * then one loop for a single activation row or one for a tile of two to four, and for the int8 dot the
 * term q8_K's block sums give. Holds no Vector API type, so one copy serves every width; its calls into a
 * format's loops happen once per row. The loops themselves are in the width templates that extend it.
 */
abstract class SuperBlockDots implements F32RowDot, Int8RowDot {

    private final int stride;
    private final boolean decodesInline;

    /** {@code stride}: the scratch floats a super-block's decoded scales take. */
    SuperBlockDots(int stride) {
        this(stride, false);
    }

    /**
     * {@code decodesInline}: the single-row loops ({@link #fused1}, {@link #int8x1}) decode each super-block's
     * scales into {@code s} themselves, at the top of the block, so {@link #prepare} runs only for tiles.
     * Measured on q6_K and q4_K 4096x4096: a separate pass over the row's headers touches one cache line per
     * block ahead of the dot loop and waits for memory there (about a fifth of the time of a row that does
     * not fit in L2); decoded inside the loop, the header loads overlap with the previous block's arithmetic.
     */
    SuperBlockDots(int stride, boolean decodesInline) {
        this.stride = stride;
        this.decodesInline = decodesInline;
    }

    @Override
    public final void dot(MemorySegment w, long rowOffset, int cols, float[] x, int xOff, int xStride, int n,
                          float[] y, int yOff, int yStride) {
        int nb = cols / QK_K;
        float[] s = Scratch.floats(stride * nb);
        if (n != 1 || !decodesInline) {
            prepare(w, rowOffset, nb, s, false);
        }
        if (n == 1) {
            y[yOff] = fused1(w, rowOffset, nb, s, x, xOff);
        } else {
            fused4(w, rowOffset, nb, s, x, xOff, xStride, n, y, yOff, yStride);
        }
    }

    @Override
    public final void dot(MemorySegment w, long rowOffset, int cols, QuantizedActivations a, int aRow, int n,
                          float[] y, int yOff, int yStride) {
        int nb = cols / QK_K;
        float[] s = Scratch.floats(stride * nb);
        if (n != 1 || !decodesInline) {
            prepare(w, rowOffset, nb, s, true);
        }
        if (n == 1) {
            y[yOff] = int8x1(w, rowOffset, nb, s, a, aRow) + blockSumTerm(s, 0, nb, a, aRow);
        } else {
            int8x4(w, rowOffset, nb, s, a, aRow, n, y, yOff, yStride);
            for (int r = 0; r < n; r++) {
                y[yOff + r * yStride] += blockSumTerm(s, 0, nb, a, aRow + r);
            }
        }
    }

    /** One row at a time unless the format has a multi-row loop ({@link #int8Rows}). */
    @Override
    public int rowsPerPass() {
        return 1;
    }

    /** {@link #rowsPerPass()} weight rows, one activation row: {@link #int8Rows} and each row's {@link #blockSumTerm}. */
    @Override
    public final void dotRows(MemorySegment w, long rowOffset, long rowStep, int cols, QuantizedActivations a, int aRow,
                              float[] y, int yOff, int yStep) {
        int pass = rowsPerPass();
        if (pass < 2) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " has no multi-row pass");
        }
        int nb = cols / QK_K;
        int rowScratch = stride * nb;
        float[] s = Scratch.floats(pass * rowScratch);
        int8Rows(w, rowOffset, rowStep, nb, s, rowScratch, a, aRow, y, yOff, yStep);
        for (int i = 0; i < pass; i++) {
            y[yOff + i * yStep] += blockSumTerm(s, i * rowScratch, nb, a, aRow);
        }
    }

    /**
     * {@link #int8x1} for the {@link #rowsPerPass()} weight rows at {@code row + i*rowStep} in one pass, row i's
     * scales decoded into {@code s} from {@code i*rowScratch}, results to {@code y[yOff + i*yStep]} without the
     * block-sum term. Formats with a multi-row pass implement it.
     */
    void int8Rows(MemorySegment w, long row, long rowStep, int nb, float[] s, int rowScratch, QuantizedActivations a,
                  int aRow, float[] y, int yOff, int yStep) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no multi-row pass");
    }

    /**
     * Decodes the scales of the row's {@code nb} super-blocks into {@code s}, for the fused or the int8 dot;
     * for a single activation row only if the format does not decode inline (see the constructor).
     */
    abstract void prepare(MemorySegment w, long row, int nb, float[] s, boolean int8);

    /** The fused dot with one activation row at {@code x[xOff..]}; decodes the scales into {@code s} if inline. */
    abstract float fused1(MemorySegment w, long row, int nb, float[] s, float[] x, int xOff);

    /** The fused dot with two to four activation rows; rows past {@code n} repeat the last one and are not stored. */
    abstract void fused4(MemorySegment w, long row, int nb, float[] s, float[] x, int xOff, int xStride, int n,
                         float[] y, int yOff, int yStride);

    /**
     * The int8 dot with activation row {@code aRow}, without {@link #blockSumTerm} (called after it, so an
     * inline decode has filled {@code s} by then).
     */
    abstract float int8x1(MemorySegment w, long row, int nb, float[] s, QuantizedActivations a, int aRow);

    /** The int8 dot with two to four activation rows, without {@link #blockSumTerm}; rows past {@code n} repeat the last. */
    abstract void int8x4(MemorySegment w, long row, int nb, float[] s, QuantizedActivations a, int aRow, int n,
                         float[] y, int yOff, int yStride);

    /**
     * The part of the int8 dot that q8_K's block sums give for activation row {@code r} (a min, a level offset), or
     * 0, from the scales decoded at {@code s[at..]}.
     */
    abstract float blockSumTerm(float[] s, int at, int nb, QuantizedActivations a, int r);

    /** Stores the first {@code n} (two to four) of a tile's results. */
    static void store(float[] y, int yOff, int yStride, int n, float r0, float r1, float r2, float r3) {
        y[yOff] = r0;
        y[yOff + yStride] = r1;
        if (n > 2) {
            y[yOff + 2 * yStride] = r2;
        }
        if (n > 3) {
            y[yOff + 3 * yStride] = r3;
        }
    }
}
