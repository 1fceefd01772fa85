package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * {@code vector.fused} for the 4- and 5-bit 32-value block formats (q4_0, q4_1, q5_0, q5_1, iq4_nl) with F32
 * activations: {@link Block32Dot}'s loop at the configured width, with the activations as they are and the
 * weight scale alone.
 */
final class Block32FusedDot extends FusedTileDot {
    private final Block32 block;
    private final Block32Loop loop;

    Block32FusedDot(GgmlType type, VectorConfig v) {
        this.block = Block32.of(type);
        this.loop = WidthSpecializer.instance(Block32Dot.class, v, Block32Loop.class);
    }

    @Override
    void tile(MemorySegment w, long row, int cols, float[] x, int xOff, int xStride, int rows, float[] y, int yOff, int yStride) {
        if (rows > 1 && xStride != cols) {
            // the driver passes whole consecutive rows (xStride == cols); the shared loop relies on it
            throw new IllegalArgumentException("activation rows must be consecutive: stride " + xStride + ", " + cols + " columns");
        }
        loop.tile(block, w, row, cols, x, xOff, rows, null, null, 0, y, yOff, yStride, null);
    }

    /** Two rows for q4_0 only: the format whose pass was measured (see {@code Block32Loop#two}). */
    @Override
    public int rowsPerPassFused() {
        return Block32Loop.rowsPerPass(block);
    }

    @Override
    public void dotRows(MemorySegment w, long row0, long rowStep, int cols, float[] x, int xOff,
                        float[] y, int yOff, int yStep) {
        if (rowsPerPassFused() != 2) {
            throw new UnsupportedOperationException(block.type().ggmlName() + " has no multi-row pass");
        }
        loop.two(block, w, row0, rowStep, cols, x, xOff, null, 0, y, yOff, yStep);
    }
}
