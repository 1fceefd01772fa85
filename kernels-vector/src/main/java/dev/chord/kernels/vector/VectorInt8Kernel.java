package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.ActivationMode;
import dev.chord.kernels.scalar.matmul.Int8RowDot;
import dev.chord.kernels.scalar.matmul.RowDotKernel;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code vector.int8}: activations quantized once per call to the format's vec-dot type as ggml does,
 * integer block dot products in vector registers; the Vector API twin of {@code scalar.int8}. Discovered by
 * ServiceLoader: mentions no Vector API type.
 */
public final class VectorInt8Kernel extends RowDotKernel {

    public VectorInt8Kernel() {
        super("vector.int8", "Vector API, int8 activations (q8_0/q8_1/q8_K), integer block dots", ActivationMode.QUANTIZED, 40);
    }

    @Override
    public Set<GgmlType> formats() {
        return VectorFormats.INT8;
    }

    /** Above {@code vector.fused} (30) where it measured faster, below it elsewhere. */
    @Override
    public int preference(GgmlType type) {
        return VectorFormats.INT8_PREFERRED.contains(type) ? 40 : 25;
    }

    @Override
    public Optional<String> unavailableReason() {
        return VectorSupport.unavailableReason();
    }

    @Override
    protected Map<GgmlType, Int8RowDot> int8RowDots() {
        return VectorDots.int8(VectorConfig.of(VectorSupport.decision().bits()));
    }
}
