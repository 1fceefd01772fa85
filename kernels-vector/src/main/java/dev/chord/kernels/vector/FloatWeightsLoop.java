package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/** The tile loop of f32, f16 and bf16 weights, one implementation per vector width ({@link FloatWeightsDot}). */
interface FloatWeightsLoop {

    /** As {@link FusedTileDot#tile}, for weights of {@code type} (f32, f16 or bf16). */
    void tile(GgmlType type, MemorySegment w, long row, int cols, float[] x, int xOff, int xStride, int rows, float[] y,
              int yOff, int yStride);
}
