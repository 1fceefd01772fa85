package dev.chord.kernels.scalar.matmul;

import java.lang.foreign.MemorySegment;

/**
 * One weight format's fused dot product with F32 activations: decodes each block of a weight row once, in
 * registers or locals, and multiplies it with a tile of {@code n} activation rows (the reuse that makes the
 * matrix-matrix path faster per token than repeated matrix-vector calls).
 */
@FunctionalInterface
public interface F32RowDot {

    /**
     * For {@code b} in {@code [0, n)}: {@code y[yOff + b*yStride] = sum_c w[c] * x[xOff + b*xStride + c]}, where
     * {@code w} is the row of {@code cols} values starting at byte {@code rowOffset} of {@code weights}.
     * Arguments are checked by the caller once per call; implementations do not re-check them.
     */
    void dot(MemorySegment weights, long rowOffset, int cols, float[] x, int xOff, int xStride, int n,
             float[] y, int yOff, int yStride);

    /**
     * Whether {@link #dotTwoRows} is implemented; see {@link Int8RowDot#dotsTwoRows} for why. (Named apart from
     * that method: a class may implement both interfaces with a two-row pass for only one of them.)
     */
    default boolean dotsTwoRowsFused() {
        return false;
    }

    /**
     * {@code y[y0]} and {@code y[y1]}: the dot products of the weight rows at {@code row0} and {@code row1}
     * with the activation row at {@code x[xOff..]}. Only when {@link #dotsTwoRowsFused()}.
     */
    default void dotTwoRows(MemorySegment weights, long row0, long row1, int cols, float[] x, int xOff,
                            float[] y, int y0, int y1) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no two-row dot");
    }
}
