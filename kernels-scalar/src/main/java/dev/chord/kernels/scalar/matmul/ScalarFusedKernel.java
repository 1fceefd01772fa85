package dev.chord.kernels.scalar.matmul;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.ActivationMode;

import java.util.Map;

/**
 * {@code scalar.fused}: weights decoded inside the dot-product loop, block by block, with F32 activations;
 * plain Java, no SIMD. The scalar twin {@code vector.fused} is checked against.
 */
public final class ScalarFusedKernel extends RowDotKernel {

    public ScalarFusedKernel() {
        super("scalar.fused", "weights decoded in the dot loop, F32 activations, plain Java", ActivationMode.F32, 10);
    }

    @Override
    protected Map<GgmlType, F32RowDot> f32RowDots() {
        return ScalarFusedDots.TABLE;
    }
}
