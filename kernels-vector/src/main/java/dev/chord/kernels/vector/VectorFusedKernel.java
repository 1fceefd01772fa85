package dev.chord.kernels.vector;

import dev.chord.api.ggml.GgmlType;
import dev.chord.api.kernel.ActivationMode;
import dev.chord.kernels.scalar.matmul.F32RowDot;
import dev.chord.kernels.scalar.matmul.PanelGemm;
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

    /**
     * Above {@code vector.int8} (40) for batches of the formats the batch path decodes with vector code: from
     * 16 activation rows on (the shared row-dot driver), weights are decoded once into
     * an F32 panel and multiplied in register tiles (measured on prompt processing, 64-token batches).
     */
    @Override
    public int batchPreference(GgmlType type) {
        return VectorFormats.PANEL_DECODED.contains(type) ? 45 : preference(type);
    }

    @Override
    protected PanelGemm panelGemm() {
        return WidthSpecializer.instance(F32PanelGemm.class, VectorConfig.of(VectorSupport.decision().bits()), PanelGemm.class);
    }

    @Override
    protected Map<GgmlType, F32RowDot> f32RowDots() {
        return VectorDots.fused(VectorConfig.of(VectorSupport.decision().bits()));
    }
}
