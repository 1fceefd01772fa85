package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/** {@code scalar.fused} for {@code f32} weights: little-endian IEEE binary32, read as they are. */
final class F32FusedDot extends ScalarFusedDot {
    F32FusedDot() {
        super(GgmlType.F32);
    }

    @Override
    void decode(MemorySegment src, long at, int count, float[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = src.get(FLOAT, at + 4L * i);
        }
    }
}
