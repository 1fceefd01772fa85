package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/** {@code vector.fused} for {@code f32}, {@code f16} and {@code bf16} weights: {@link FloatWeightsDot} at the configured width. */
final class FloatWeightsFusedDot extends FusedTileDot {
    private final GgmlType type;
    private final FloatWeightsLoop loop;

    FloatWeightsFusedDot(GgmlType type, VectorConfig v) {
        if (type != GgmlType.F32 && type != GgmlType.F16 && type != GgmlType.BF16) {
            throw new IllegalArgumentException("not a float weight format: " + type);
        }
        this.type = type;
        this.loop = WidthSpecializer.instance(FloatWeightsDot.class, v, FloatWeightsLoop.class);
    }

    @Override
    void tile(MemorySegment w, long row, int cols, float[] x, int xOff, int xStride, int rows, float[] y, int yOff, int yStride) {
        loop.tile(type, w, row, cols, x, xOff, xStride, rows, y, yOff, yStride);
    }
}
