package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/** The tile loop of the 32-value block formats, one implementation per vector width ({@link Block32Dot}). */
interface Block32Loop {

    /**
     * {@code rows} (1 to 4) dot products of the {@code block}-format weight row at {@code row} with activation
     * rows starting at {@code act[actRow + b*cols]}; result b goes to {@code y[yOff + b*yStride]}.
     *
     * @param actScale per-block activation scales, block k of tile row b at {@code scaleRow + b*blocks + k}, or
     *                 null for F32 activations (scale 1)
     * @param actSums  q8_1's per-block {@code s}, indexed like {@code actScale}; null when activations are F32, in
     *                 which case the minimum term sums the activations itself
     * @param partials if not null, receives tile row 0's integer sums per block
     */
    void tile(Block32 block, MemorySegment w, long row, int cols, float[] act, int actRow, int rows, float[] actScale,
              float[] actSums, int scaleRow, float[] y, int yOff, int yStride, int[] partials);

    /**
     * One activation row against the weight rows at {@code row} and {@code row + rowStep} in one pass, results to
     * {@code y[yOff]} and {@code y[yOff + yStep]}; {@code actScale} as for {@link #tile}. q4_0 only (no minimum, no
     * fifth bit): the format whose two-row pass was measured.
     */
    void two(Block32 block, MemorySegment w, long row, long rowStep, int cols, float[] act, int actRow, float[] actScale,
             int scaleRow, float[] y, int yOff, int yStep);

    /** Weight rows {@link #two} takes for {@code block}'s format: two for q4_0, 1 (no pass) for the others. */
    static int rowsPerPass(Block32 block) {
        return block.type() == GgmlType.Q4_0 ? 2 : 1;
    }
}
