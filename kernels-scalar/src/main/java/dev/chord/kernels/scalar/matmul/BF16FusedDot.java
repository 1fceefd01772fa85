package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;

import java.lang.foreign.MemorySegment;

/** {@code scalar.fused} for {@code bf16} weights: the top 16 bits of a binary32 ({@code ggml_bf16_t}), shifted back. */
final class BF16FusedDot extends ScalarFusedDot {
    BF16FusedDot() {
        super(GgmlType.BF16);
    }

    @Override
    void decode(MemorySegment src, long at, int count, float[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = Float.intBitsToFloat(src.get(HALF, at + 2L * i) << 16);
        }
    }
}
