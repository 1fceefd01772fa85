package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.kernels.scalar.matmul.QuantizedActivations;

import java.lang.foreign.MemorySegment;

/**
 * {@code vector.int8} for the 4- and 5-bit 32-value block formats with activations quantized as ggml does
 * (q8_0 for q4_0, q5_0 and iq4_nl; q8_1 for q4_1 and q5_1): {@link Block32Dot}'s loop at the configured width,
 * with the quantized values as floats ({@link QuantizedActivations#qf}), scales {@code d * d_a}, and q8_1's
 * stored s for the minimum term. Its integer partials (one per block) are the loop's exact block sums.
 */
final class Block32Int8Dot extends Int8TileDot {
    private final Block32 block;
    private final Block32Loop loop;

    Block32Int8Dot(GgmlType type, VectorConfig v) {
        if (type == GgmlType.Q8_0) {
            throw new IllegalArgumentException("q8_0 has its own row dot, Q8_0Int8Dot");
        }
        this.block = Block32.of(type);
        this.loop = WidthSpecializer.instance(Block32Dot.class, v, Block32Loop.class);
    }

    @Override
    int partialCount(int cols) {
        return cols / Block32.VALUES;
    }

    @Override
    void tile(MemorySegment w, long row, int cols, QuantizedActivations a, int aRow, int rows, float[] y, int yOff,
              int yStride, int[] partials) {
        int blocks = cols / Block32.VALUES;
        loop.tile(block, w, row, cols, a.qf, aRow * cols, rows, a.d, a.s, aRow * blocks, y, yOff, yStride, partials);
    }

    /** Two rows for q4_0 only: the format whose pass was measured (see {@code Block32Loop#two}). */
    @Override
    public int rowsPerPass() {
        return Block32Loop.rowsPerPass(block);
    }

    @Override
    public void dotRows(MemorySegment w, long row0, long rowStep, int cols, QuantizedActivations a, int aRow,
                        float[] y, int yOff, int yStep) {
        if (rowsPerPass() != 2) {
            throw new UnsupportedOperationException(block.type().ggmlName() + " has no multi-row pass");
        }
        loop.two(block, w, row0, rowStep, cols, a.qf, aRow * cols, a.d, aRow * (cols / Block32.VALUES), y, yOff, yStep);
    }
}
