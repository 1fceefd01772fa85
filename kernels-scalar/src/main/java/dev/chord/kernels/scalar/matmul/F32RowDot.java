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
     * {@link Int8RowDot#rowsPerPass} for F32 activations. (Named apart from it: a class may implement both
     * interfaces with a multi-row pass for only one of them.)
     */
    default int rowsPerPassFused() {
        return 1;
    }

    /**
     * For {@code i} in {@code [0, rowsPerPassFused())}: {@code y[yOff + i*yStep]} = the dot product of the weight
     * row at byte {@code rowOffset + i*rowStep} with the activation row at {@code x[xOff..]}.
     */
    default void dotRows(MemorySegment weights, long rowOffset, long rowStep, int cols, float[] x, int xOff,
                         float[] y, int yOff, int yStep) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no multi-row pass");
    }
}
