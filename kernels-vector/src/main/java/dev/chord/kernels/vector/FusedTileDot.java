package dev.chord.kernels.vector;

import dev.chord.kernels.scalar.matmul.F32RowDot;

import java.lang.foreign.MemorySegment;

/**
 * Splits a tile of activation rows into calls of a one-row dot and a four-row dot, the two loops each
 * {@code vector.fused} row dot writes out. The four-row loop decodes each weight vector once and feeds four
 * accumulators; a tile of two or three rows runs it with the last row repeated and stores only the real rows.
 *
 * <p>Only scalars cross this dispatch. Inside dot1 and dot4 a subclass may switch on its weight format to
 * decode (C2 merges the vectors of the switch's arms without boxing, measured with three formats live in one
 * JVM), but must not call a decode method through an interface or an abstract method: that call's receiver
 * type would come from a profile shared by all formats, and with three formats in use C2 stops inlining it
 * and boxes every vector.
 */
abstract class FusedTileDot implements F32RowDot {

    @Override
    public final void dot(MemorySegment weights, long rowOffset, int cols, float[] x, int xOff, int xStride, int n,
                          float[] y, int yOff, int yStride) {
        int b = 0;
        for (; n - b >= 4; b += 4) {
            dot4(weights, rowOffset, cols, x, xOff + b * xStride, xStride, 4, y, yOff + b * yStride, yStride);
        }
        if (n - b == 1) {
            y[yOff + b * yStride] = dot1(weights, rowOffset, cols, x, xOff + b * xStride);
        } else if (n - b > 1) {
            dot4(weights, rowOffset, cols, x, xOff + b * xStride, xStride, n - b, y, yOff + b * yStride, yStride);
        }
    }

    /** The dot product of the weight row with {@code x[xOff, xOff + cols)}. */
    abstract float dot1(MemorySegment weights, long rowOffset, int cols, float[] x, int xOff);

    /**
     * {@code rows} (2 to 4) dot products: row b's activations start at {@code xOff + b*xStride}, its result
     * goes to {@code y[yOff + b*yStride]}.
     */
    abstract void dot4(MemorySegment weights, long rowOffset, int cols, float[] x, int xOff, int xStride, int rows,
                       float[] y, int yOff, int yStride);

    /** Activation offset of tile row {@code b}; rows past the tile repeat its last row. */
    static int rowStart(int xOff, int xStride, int rows, int b) {
        return xOff + Math.min(b, rows - 1) * xStride;
    }

    /** Stores the results of the tile's real rows. */
    static void store(float[] y, int yOff, int yStride, int rows, float s0, float s1, float s2, float s3) {
        y[yOff] = s0;
        y[yOff + yStride] = s1;
        if (rows > 2) {
            y[yOff + 2 * yStride] = s2;
        }
        if (rows > 3) {
            y[yOff + 3 * yStride] = s3;
        }
    }
}
