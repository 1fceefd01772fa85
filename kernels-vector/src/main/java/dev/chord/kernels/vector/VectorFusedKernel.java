package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.ActivationMode;
import dev.chord.kernels.scalar.matmul.F32RowDot;
import dev.chord.kernels.scalar.matmul.RowDotKernel;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code vector.fused}: weights decoded in vector registers inside the dot loop, F32 activations; the
 * Vector API twin of {@code scalar.fused}. Discovered by ServiceLoader: mentions no Vector API type.
 */
public final class VectorFusedKernel extends RowDotKernel {

    public VectorFusedKernel() {
        super("vector.fused", "Vector API, weights decoded in registers, F32 activations", ActivationMode.F32, 30);
    }

    @Override
    public Set<GgmlType> formats() {
        return VectorFormats.FUSED;
    }

    @Override
    public Optional<String> unavailableReason() {
        return VectorSupport.unavailableReason();
    }

    @Override
    protected Map<GgmlType, F32RowDot> f32RowDots() {
        return VectorDots.fused(VectorConfig.of(VectorSupport.decision().bits()));
    }
}
